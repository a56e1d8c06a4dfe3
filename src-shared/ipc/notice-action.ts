import { z } from 'zod';

// Issue 15: what a notice's button does. A notice carries one of these, never
// a URL or instructions in its words: the renderer draws the button, and what
// the button opens is decided by the main process (a provider's page is only
// ever opened again by the flow that built its address).

const flowId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const noticeActionSchema = z.discriminatedUnion('kind', [
  /** "Try again": the provider's connect dialog, for the notice's account when it names one. */
  z.object({ kind: z.literal('retry-connect') }).strict(),
  /** "Reopen <Provider>'s page": the main process opens the pending flow's authorization page again. */
  z.object({ kind: z.literal('reopen-connect'), flowId }).strict(),
  /** "Replace key…": the Garmin dialog on its API key tab, for the notice's account. */
  z.object({ kind: z.literal('replace-key') }).strict(),
  /** "Try again": sync the notice's account now. */
  z.object({ kind: z.literal('retry-sync') }).strict(),
]);

export type NoticeAction = z.infer<typeof noticeActionSchema>;

/** The action when it is one the contract knows, else none: a notice still shows its words. */
export function validNoticeAction(value: unknown): NoticeAction | undefined {
  const parsed = noticeActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
