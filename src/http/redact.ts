/** Masks secrets in any text that may be printed or stored. The known keys
 *  (including keys minted during the run) are replaced wherever they appear;
 *  anything shaped like a WisPanel key or a bearer credential is masked too,
 *  in case a server echoes another one. */
export interface Redactor {
  (text: string): string;
  /** Adds a secret learnt during the run. */
  add(secret: string): void;
}

export function createRedactor(secrets: Array<string | undefined>): Redactor {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const redact = (text: string) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out
      .replace(/wsp_[A-Za-z0-9]{4,}/g, 'wsp_[redacted]')
      .replace(/\b(Bearer|Basic)\s+(?!\[redacted\])[^\s",]+/gi, '$1 [redacted]');
  };
  return Object.assign(redact, { add: (secret: string) => void (secret.length >= 4 && known.push(secret)) });
}
