import { createHmac } from 'node:crypto';

/** RFC 6238 time-based one-time passwords, as an authenticator app makes them: HMAC-SHA-1,
 * 6 digits, 30-second steps, from the base32 secret the app shows during enrolment. */
export const STEP_SECONDS = 30;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, ignoring spaces (the app shows the key in groups of four) and padding. */
export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not a base32 character: ${char}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The time step (counter) of a moment. */
export function stepAt(millis: number = Date.now()): number {
  return Math.floor(millis / 1000 / STEP_SECONDS);
}

/** The code of `secret` for time step `step`. */
export function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number =
    ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return (number % 1_000_000).toString().padStart(6, '0');
}

/**
 * The secret's authenticator, remembering which steps it has given codes for: the server
 * accepts each code once, so a second code in the same step waits for the next step.
 */
export class Authenticator {
  private readonly used = new Set<number>();

  constructor(readonly secret: string) {}

  /** A code for the current step, after waiting for a fresh step if this one was used. */
  async nextCode(): Promise<string> {
    let step = stepAt();
    while (this.used.has(step)) {
      const wait = (step + 1) * STEP_SECONDS * 1000 - Date.now() + 250;
      await new Promise((resolve) => setTimeout(resolve, wait));
      step = stepAt();
    }
    this.used.add(step);
    return totpAt(this.secret, step);
  }
}
