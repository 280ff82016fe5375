import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** WCAG 2.0 and 2.1, levels A and AA: the rules the console is held to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** One line per failing element: rule, impact, what to fix, where, and axe's own reason. */
function describe(violation: Violation): string[] {
  return violation.nodes.map((node) => {
    const why = [...node.any, ...node.all, ...node.none].map((check) => check.message).find(Boolean);
    const where = node.target.map(String).join(' ');
    return `${violation.id} [${node.impact ?? violation.impact}] ${violation.help} — ${where}${why ? ` — ${why}` : ''}`;
  });
}

/**
 * Runs axe over the whole page as it is now (an open dialog included) and fails on every serious
 * or critical WCAG 2.1 A/AA violation, listed one element a line under `label`. The assertion is
 * soft: the test goes on through its remaining states, so one run reports all of them.
 */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const blocking = results.violations.filter((v) => v.impact && BLOCKING.has(v.impact));
  if (blocking.length > 0) {
    await test.info().attach(`axe ${label}`, {
      body: JSON.stringify(blocking, null, 2),
      contentType: 'application/json',
    });
  }
  expect.soft(blocking.flatMap(describe), `serious or critical accessibility violations on ${label}`).toEqual([]);
}
