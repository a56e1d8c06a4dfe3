; Included by electron-builder's NSIS installer (electron-builder.yml, nsis.include).
; Registers the OAuth redirect scheme com.omnio.app (RFC 8252 §7.1) for the
; installing user (SHCTX: HKCU for a per-user install), and removes it on
; uninstall. electron-builder's `protocols` covers macOS and Linux only.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\com.omnio.app" "" "URL:Omnio"
  WriteRegStr SHCTX "Software\Classes\com.omnio.app" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\com.omnio.app\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\com.omnio.app\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\com.omnio.app"
!macroend
