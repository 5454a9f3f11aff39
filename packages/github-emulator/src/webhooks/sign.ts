import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature-256` value: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function signWebhookPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of a `X-Hub-Signature-256` header against the raw body. */
export function verifyWebhookSignature(secret: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhookPayload(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
