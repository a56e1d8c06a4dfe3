/**
 * What a provider simulator's data endpoints need from its authorization
 * side: who a bearer token belongs to and which scopes it carries. The OAuth
 * simulators implement it (tokens issued by their token endpoint, revocable
 * at the simulator); the Garmin simulator implements it for session tokens.
 */
export interface SimGrant {
  userId: string;
  scopes: string[];
}

export interface SimAuthority {
  /** Null when the token is unknown, expired or revoked. */
  authenticate(accessToken: string): SimGrant | null | Promise<SimGrant | null>;
}
