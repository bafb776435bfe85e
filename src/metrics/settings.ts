import { z } from 'zod';
import { parsePushgatewayUrl } from './push.js';

/**
 * `metrics-pushgateway-url`: empty (no push) or an http(s) URL. A problem never quotes the value: it may carry
 * credentials (`https://user:pass@host`).
 */
export function pushgatewayUrlField() {
  return z.unknown().transform((v, ctx): string => {
    if (typeof v !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'is not text; give the Pushgateway URL, e.g. http://pushgateway.example:9091.' });
      return z.NEVER as never;
    }
    const s = v.trim();
    if (s === '') return s;
    const parsed = parsePushgatewayUrl(s);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed.replace(/^Input 'metrics-pushgateway-url' /, '') });
      return z.NEVER as never;
    }
    return s;
  });
}
