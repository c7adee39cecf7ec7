import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Sealing of `numbers` cursors to the credential that received them (docs/api-data.md).
//
// The key is derived from the caller's credential itself (HKDF-SHA256 of the normalised
// `Bearer …` value with a fixed salt and purpose), never stored, never configured: every replica
// and every restart derives the same key for the same credential, and no other credential can
// open what it sealed. A cursor is AES-256-GCM ciphertext, so decoding it shows neither a phone
// number nor an id, and any change to it, or use with other `context` (ordering and filters),
// fails authentication.
//
// The nonce is synthetic (SIV-style): the first 12 bytes of an HMAC, under a second derived key,
// of the context and the plaintext. The same position on the same page therefore always gets
// the same cursor (an unchanged page keeps its ETag), and two different plaintexts share a
// nonce only if a 96-bit truncated HMAC collides, which is what makes a reused GCM nonce safe
// here. Equal cursors reveal only that they name the same position: which the page shows anyway.

const SALT = 'numbers-gateway cursor sealing';
const INFO = 'cursor v3: aes-256-gcm key | synthetic nonce key';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface CursorSealer {
  /** `plaintext` encrypted and authenticated together with `context`: nonce ‖ ciphertext ‖ tag. */
  seal(context: string, plaintext: Buffer): Buffer;
  /** The plaintext, or `undefined` when `sealed` was not sealed by this credential for `context`. */
  open(context: string, sealed: Buffer): Buffer | undefined;
}

/**
 * The sealer of one credential (`Bearer <token>`, normalised by security/credentials.ts).
 * Without a credential, a random key of its own: such a request never reads numbers (the
 * upstream needs a credential), and its cursors must not be anybody else's.
 */
export function createCursorSealer(authorization: string | undefined): CursorSealer {
  // Derived on the first seal or open: most `numbers` requests ask for no cursor, and HKDF is
  // the sealer's dearest step (bench:data).
  let keys: { encryptionKey: Buffer; nonceKey: Buffer } | undefined;
  const derive = () => {
    const bytes = Buffer.from(hkdfSync('sha256', authorization ?? randomBytes(32), SALT, INFO, 64));
    return { encryptionKey: bytes.subarray(0, 32), nonceKey: bytes.subarray(32) };
  };

  return {
    seal(context, plaintext) {
      const { encryptionKey, nonceKey } = (keys ??= derive());
      const nonce = createHmac('sha256', nonceKey).update(context).update('\n').update(plaintext).digest().subarray(0, NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    open(context, sealed) {
      if (sealed.length <= NONCE_BYTES + TAG_BYTES) return undefined;
      const { encryptionKey } = (keys ??= derive());
      const nonce = sealed.subarray(0, NONCE_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      } catch {
        return undefined;
      }
    },
  };
}
