// The plain-text form of an exchange, curl -v style, used wherever evidence is
// shown as preformatted text (JUnit bodies, system-out, Markdown, HTML).

import type { ReportExchange } from '../src/model/report.ts';
import { formatDuration } from '../src/model/text.ts';
import { excerpt } from './text.ts';

/** Bodies are already cut to a few KiB by the engine; evidence needs less. */
const BODY_EXCERPT_CHARS = 2048;

export function renderExchangeText(exchange: ReportExchange): string {
  const { request, response, transportError } = exchange;
  const retries = exchange.rateLimitedRetries > 0 ? `, after ${exchange.rateLimitedRetries} × 429` : '';
  const lines = [
    `${request.method} ${request.path}  (credential ${exchange.credential}, ${formatDuration(exchange.durationMs)}${retries}, at ${exchange.startedAt})`,
    ...headerLines('>', request.headers),
  ];
  if (request.body !== undefined && request.body !== '') lines.push('>', ...bodyLines('>', request.body));
  if (response) {
    lines.push(`< ${response.status}`, ...headerLines('<', response.headers));
    if (response.body !== '') lines.push('<', ...bodyLines('<', response.body));
  }
  if (transportError) lines.push(`! ${transportError.kind}: ${transportError.message}`);
  return lines.join('\n');
}

function headerLines(prefix: string, headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${prefix} ${name}: ${value}`);
}

function bodyLines(prefix: string, body: string): string[] {
  return excerpt(body, BODY_EXCERPT_CHARS)
    .split(/\r?\n/)
    .map((line) => `${prefix} ${line}`);
}
