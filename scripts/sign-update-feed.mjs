#!/usr/bin/env node
// Release tool for the desktop updater's feed signatures (Ed25519).
//   node scripts/sign-update-feed.mjs keygen PRIVATE.pem
//       writes a new private key (mode 0600) and prints the public key PEM to put
//       in main/desktop/update/publicKey.ts
//   node scripts/sign-update-feed.mjs sign PRIVATE.pem FEED.yml...
//       writes FEED.yml.sig (base64 signature over the file's exact bytes) for each feed
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [command, keyFile, ...feeds] = process.argv.slice(2);
if (command === 'keygen' && keyFile) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  process.stdout.write(publicKey.export({ type: 'spki', format: 'pem' }));
} else if (command === 'sign' && keyFile && feeds.length > 0) {
  const key = createPrivateKey(readFileSync(keyFile));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile}: not an Ed25519 private key (${key.asymmetricKeyType})`);
  for (const feed of feeds) {
    writeFileSync(`${feed}.sig`, sign(null, readFileSync(feed), key).toString('base64') + '\n');
    process.stderr.write(`signed ${feed} (public key ${createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64')})\n`);
  }
} else {
  process.stderr.write('usage: sign-update-feed.mjs keygen PRIVATE.pem | sign PRIVATE.pem FEED.yml...\n');
  process.exit(2);
}
