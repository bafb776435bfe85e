/**
 * zod schema of one Falco JSON event (`json_output: true`; falcosecurity/falco-actions): what the parser reads.
 * Falco's output is untrusted: an event of the wrong shape fails the Falco scan, with its line number and the field
 * (`line 4: priority is not a Falco priority, expected Emergency, …`), instead of being dropped or read with defaults.
 *
 * - Unknown fields are kept and never checked (`z.looseObject`; Falco adds fields between releases).
 * - `rule` (non-blank) and `priority` (one of Falco's eight words, any case, `info` for informational) are
 *   required: they are the finding's rule and severity. An unknown word would silently hide an alert.
 * - `output`, `time`, `source`, `hostname` are strings and `tags` a list of strings when present.
 * - `output_fields` is an object; of its values only the fields the parser reads (FALCO_FIELDS, keys trimmed as the
 *   parser trims them) are checked: a string, a number, or null (Falco's "not available").
 */
import { z } from 'zod';
import { describeValue } from '../validate.js';
import { FALCO_PRIORITIES, falcoPriority } from './priority.js';

/** The `output_fields` the parser reads: the event's target (pod, container, host) and its properties. */
export const FALCO_FIELDS = ['container.id', 'container.name', 'container.image.repository', 'k8s.ns.name', 'k8s.pod.name', 'proc.name', 'user.name'] as const;

const CAPITALISED = FALCO_PRIORITIES.map((p) => p[0]!.toUpperCase() + p.slice(1));
const WORDS = `${CAPITALISED.slice(0, -1).join(', ')} or ${CAPITALISED.at(-1)}`;

/** Text the parser reads: JSON can carry lone UTF-16 surrogates (`"\\ud800"`), which break URI encoding downstream. */
const LONE_SURROGATE = /\p{Cs}/u;
const NOT_UNICODE = 'is not well-formed Unicode (it holds a lone surrogate)';
const text = z.string().refine((s) => !LONE_SURROGATE.test(s), { error: NOT_UNICODE });

const priority = text.superRefine((s, ctx) => {
  if (!falcoPriority(s)) ctx.addIssue({ code: 'custom', message: `is not a Falco priority, expected ${WORDS}` });
});

const outputFields = z.record(z.string(), z.unknown()).superRefine((fields, ctx) => {
  const read: readonly string[] = FALCO_FIELDS;
  for (const [key, value] of Object.entries(fields)) {
    if (!read.includes(key.trim())) continue;
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) ctx.addIssue({ code: 'custom', path: [key], message: NOT_UNICODE });
    else if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      ctx.addIssue({ code: 'custom', path: [key], message: `is ${describeValue(value)}, expected a string, a number or null` });
    }
  }
});

export const falcoEventSchema = z.looseObject({
  rule: text.refine((s) => s.trim() !== '', { error: 'is blank' }),
  priority,
  output: text.optional(),
  output_fields: outputFields.optional(),
  tags: z.array(text).optional(),
  time: text.optional(),
  source: text.optional(),
  hostname: text.optional(),
});
export type FalcoEvent = z.output<typeof falcoEventSchema>;
