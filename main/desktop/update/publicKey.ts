// The Ed25519 public key every update feed must be signed with (PEM, SPKI). It is
// part of the app's code, so a compromised download server cannot swap it. Release
// builds set it from `node scripts/sign-update-feed.mjs keygen`; while it is null
// the app accepts no update at all (Settings says so).
export const UPDATE_PUBLIC_KEY_PEM: string | null = null;
