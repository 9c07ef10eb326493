// LIFE-READS-AGREE: a write seen on one read path must show on every path
// that shows the field (for limits: the record, the limits themselves and
// the list).
import { containsValue } from './read-back.ts';
import { listEntries } from './record-fields.ts';
import { fail, pass, type Check } from './check.ts';

export interface Written {
  written: Record<string, unknown>;
  /** The record written, for a read of the list. */
  username: string;
}

export const readsAgree: Check<Written> = ({ exchange, evidence: { written, username } }) => {
  const body = exchange.response && exchange.response.status < 300 ? exchange.response.json : undefined;
  if (body === undefined) return undefined;
  const listed = listEntries(body);
  const path = `${exchange.request.method} ${exchange.request.path}`;
  if (listed) {
    // The list holds whole records (documented): its entry shows the fields
    // as they are; an entry that shows no such field is not judged.
    const entry = listed.get(username);
    const wrong = Object.entries(written).filter(([k, v]) => entry && k in entry && JSON.stringify(entry[k]) !== JSON.stringify(v));
    if (!entry || Object.keys(written).every((k) => !(k in entry))) return undefined;
    return wrong.length === 0
      ? pass(`${path} shows ${Object.keys(written).join(', ')} as written`)
      : fail(
          `expected ${path} to show the write to ${username} as the record does, got ${wrong.map(([k, v]) => `${k} ${JSON.stringify(entry[k])} (written ${JSON.stringify(v)})`).join(', ')}`,
        );
  }
  // A shape the vendor never showed: the value written is searched for.
  const missing = Object.entries(written).filter(([, v]) => !containsValue(body, v as string | number));
  return missing.length === 0
    ? pass(`${path} shows the value written`)
    : fail(
        `expected ${path} to show the write as the record does, got none of ${missing.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')} in ${JSON.stringify(body).slice(0, 120)}`,
      );
};
