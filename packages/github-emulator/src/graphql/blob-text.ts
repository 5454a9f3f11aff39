/** [I] `Blob.text` carries at most 512 KiB; larger blobs answer their first 512 KiB with `isTruncated: true`. */
export const BLOB_TEXT_LIMIT = 512 * 1024;

// Git's own test: a NUL byte in the first 8000 bytes makes a file binary.
const BINARY_SNIFF = 8000;

// Keeps a byte-order mark: `text` must be the blob's exact content.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface BlobText {
  isBinary: boolean;
  isTruncated: boolean;
  /** exact UTF-8 text (CRLF and all), null for binary blobs */
  text: string | null;
}

/** Where a cut at `limit` bytes would split a UTF-8 sequence, back up to its first byte. */
function charBoundary(data: Buffer, limit: number): number {
  let end = limit;
  while (end > 0 && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
  return end;
}

/**
 * What GraphQL's Blob says about content. [I] A blob is binary when git would call it binary (NUL
 * byte) or it is not valid UTF-8; GitHub documents only "UTF8 text data or null if the Blob is binary".
 */
export function blobText(data: Buffer): BlobText {
  if (data.subarray(0, BINARY_SNIFF).includes(0)) return { isBinary: true, isTruncated: false, text: null };
  const truncated = data.length > BLOB_TEXT_LIMIT;
  // A truncated blob may also be cut inside a character; validity is judged on the whole content.
  let whole: string;
  try {
    whole = utf8.decode(data);
  } catch {
    return { isBinary: true, isTruncated: false, text: null };
  }
  if (!truncated) return { isBinary: false, isTruncated: false, text: whole };
  return {
    isBinary: false,
    isTruncated: true,
    text: utf8.decode(data.subarray(0, charBoundary(data, BLOB_TEXT_LIMIT))),
  };
}
