// The reviewer's answer: read as Codex's ReviewOutputEvent JSON (whole, or the
// first {…} inside surrounding prose), and rendered as text the way Codex shows
// a finished review. An answer that is not that JSON is kept whole as the
// explanation, with a problem saying why, so nothing the reviewer said is lost.
import type * as z from 'zod/mini';
import { reviewOutputEvent } from '../../../shared/protocol/review.js';

export type ReviewOutputEvent = z.output<typeof reviewOutputEvent>;
export type ReviewFinding = ReviewOutputEvent['findings'][number];

/** Codex's text when a review produced neither explanation nor findings. */
export const REVIEW_FALLBACK_MESSAGE = 'Reviewer failed to output a response.';
/** Codex's text for a review that did not finish. */
export const REVIEW_INTERRUPTED_TEXT = 'Review was interrupted. Please re-run /review and wait for it to complete.';

export interface ParsedReview {
  output: ReviewOutputEvent;
  /** Set when the answer was not the findings JSON. */
  problem: string | null;
}

export function parseReviewOutput(text: string): ParsedReview {
  const whole = tryParse(text);
  if (whole.ok) return { output: whole.value, problem: null };
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) {
    const inner = tryParse(text.slice(start, end + 1));
    if (inner.ok) return { output: inner.value, problem: null };
  }
  return {
    output: { findings: [], overall_correctness: '', overall_explanation: text, overall_confidence_score: 0 },
    problem: `the reviewer's answer is not the review JSON format (${whole.why}); it is kept as the explanation`,
  };
}

function tryParse(text: string): { ok: true; value: ReviewOutputEvent } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, why: `not JSON: ${(err as Error).message}` };
  }
  const checked = reviewOutputEvent.safeParse(json);
  if (checked.success) return { ok: true, value: checked.data };
  const issue = checked.error.issues[0]!;
  return { ok: false, why: `${issue.path.join('.') || '(answer)'}: ${issue.message}` };
}

function location(f: ReviewFinding): string {
  const { absolute_file_path, line_range } = f.code_location;
  return `${absolute_file_path}:${line_range.start}-${line_range.end}`;
}

/** The findings as Codex lists them: a header, then "- title — path:start-end" and the indented body. */
export function formatFindings(findings: ReviewFinding[]): string {
  const lines = [findings.length > 1 ? 'Full review comments:' : 'Review comment:'];
  for (const f of findings) {
    lines.push('', `- ${f.title} — ${location(f)}`);
    for (const line of f.body.split('\n')) lines.push(`  ${line}`);
  }
  return lines.join('\n');
}

/** The finished review as text: the explanation, then the findings. */
export function renderReviewOutput(out: ReviewOutputEvent): string {
  const sections: string[] = [];
  const explanation = out.overall_explanation.trim();
  if (explanation) sections.push(explanation);
  if (out.findings.length) sections.push(formatFindings(out.findings));
  return sections.length ? sections.join('\n\n') : REVIEW_FALLBACK_MESSAGE;
}

/** What the thread records for a finished review (Codex: explanation, then the findings block). */
export function reviewResultsText(out: ReviewOutputEvent): string {
  let s = out.overall_explanation.trim();
  if (out.findings.length) s += `\n${formatFindings(out.findings)}`;
  return s;
}
