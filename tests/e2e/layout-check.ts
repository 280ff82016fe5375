import { expect, type Locator, type Page } from '@playwright/test';

/**
 * What "fits the screen" means, measured in the browser: the document is no wider than the
 * viewport, and no box (card, cell, button, line of text) is wider than itself — its content
 * does not spill out — or reaches past the viewport's edges. Screen-reader-only text and hidden
 * elements are not boxes anyone sees.
 */
export async function overflowsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const found: string[] = [];
    if (root.scrollWidth > width) found.push(`the page is ${root.scrollWidth} px wide in a ${width} px viewport`);
    const nameOf = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className.slice(0, 60)}"` : ''}> "${text}"`;
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!(el instanceof HTMLElement)) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.display === 'contents' || style.visibility === 'hidden') continue;
      if (el.offsetParent === null && style.position !== 'fixed') continue; // not rendered
      if (el.clientWidth <= 1 || el.closest('[aria-hidden="true"], .sr-only, script, style, svg')) continue;
      // A form control's inner scroll (a long <select> option) is the control's own business.
      if (el.matches('select, input, textarea, option')) continue;
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX === 'visible') {
        found.push(`${nameOf(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px`);
      } else if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${nameOf(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`);
      }
      const box = el.getBoundingClientRect();
      const insideScroller = (() => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (up.scrollWidth > up.clientWidth + 1 && getComputedStyle(up).overflowX !== 'visible') return true;
        }
        return false;
      })();
      if (!insideScroller && box.width > 0 && (box.left < -1 || box.right > width + 1)) {
        found.push(`${nameOf(el)} reaches past the viewport (${Math.round(box.left)}–${Math.round(box.right)} px)`);
      }
    }
    return found;
  });
}

/** The page fits its viewport: nothing wider than the screen, nothing spilling out of its box. */
export async function expectFits(page: Page, where: string, { soft = false } = {}) {
  (soft ? expect.soft : expect)(await overflowsOf(page), `${where}: boxes that do not fit`).toEqual([]);
}

/**
 * A control a person can tap: visible, inside the viewport once scrolled to, at least 24 px each
 * way (WCAG 2.2's minimum target), and not covered by anything else at its centre.
 */
export async function expectTappable(control: Locator, where: string) {
  await expect(control, `${where}: the control is shown`).toBeVisible();
  await control.scrollIntoViewIfNeeded();
  const verdict = await control.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {
      width: box.width,
      height: box.height,
      inside:
        box.left >= 0 &&
        box.right <= document.documentElement.clientWidth &&
        box.top >= 0 &&
        box.bottom <= window.innerHeight,
      reached: hit !== null && (hit === el || el.contains(hit)),
    };
  });
  expect(verdict.inside, `${where}: the control lies inside the viewport`).toBe(true);
  expect(verdict.reached, `${where}: nothing covers the control`).toBe(true);
  expect(Math.min(verdict.width, verdict.height), `${where}: the control is at least 24 px`).toBeGreaterThanOrEqual(24);
}

/** Like `expectTappable`, and already on screen when the page opens: no scrolling needed. */
export async function expectInReach(page: Page, control: Locator, where: string) {
  await expect(control, `${where}: the control is shown`).toBeVisible();
  const box = await control.boundingBox();
  const viewport = page.viewportSize();
  expect(
    box && viewport && box.y >= 0 && box.y + box.height <= viewport.height,
    `${where}: on screen without scrolling`,
  ).toBe(true);
  await expectTappable(control, where);
}
