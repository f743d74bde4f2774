// Secrets never leave in logs or problems: API keys (`ekg_<id>_<secret>`, see api-keys.ts) sent where
// they do not belong, such as `?api_key=ekg_...`, are masked wherever a request's text is echoed.

/** Anything shaped like a key: `ekg_` and 8 or more token characters, wherever it stands in a text. */
const KEY_SHAPED = /ekg_[A-Za-z0-9_-]{8,}/g;
/** A whole token, as api-keys.ts issues them: its id is public (logs name it as apiKeyId). */
const TOKEN = /^ekg_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/**
 * `text` with every key-shaped string masked. The key's public id is kept when the shape is a whole
 * token (`ekg_0292b740bcaa_[redacted]`), so an operator can still tell which key leaked and revoke it.
 */
export function redactKeys(text: string): string {
  return text.replace(KEY_SHAPED, (token) => {
    const id = TOKEN.exec(token)?.[1];
    return id ? `ekg_${id}_[redacted]` : 'ekg_[redacted]';
  });
}
