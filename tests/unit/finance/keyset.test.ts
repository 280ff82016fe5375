import { asc, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { keysetList } from '@/lib/finance/keyset';

/** Seven rows in list order, newest first; a position stands for "after" or "before" a row. */
const ROWS = ['g', 'f', 'e', 'd', 'c', 'b', 'a'].map((id) => ({ id }));
type Position = { side: 'older' | 'newer'; id: string };
const position = (side: Position['side']) => (id: string) => ({ side, id }) as unknown as SQL;

const list = keysetList({
  read: async (where, order, limit) => {
    const at = where ? ROWS.findIndex((row) => row.id === (where as unknown as Position).id) : -1;
    const side = where ? (where as unknown as Position).side : 'older';
    const within = side === 'older' ? ROWS.slice(at + 1) : ROWS.slice(0, at);
    return (order === asc ? [...within].reverse() : within).slice(0, limit);
  },
  olderThan: position('older'),
  newerThan: position('newer'),
  cursorOf: (row) => row.id,
});
const ids = (rows: { id: string }[]) => rows.map((row) => row.id).join('');

describe('keysetList', () => {
  it('opens on the newest rows, with only an older page beyond them', async () => {
    const page = await list.page({ limit: 3 });
    expect([ids(page.rows), page.newerCursor, page.olderCursor]).toEqual(['gfe', null, 'e']);
  });

  it('goes on to older rows, and stops at the oldest', async () => {
    const second = await list.page({ after: 'e', limit: 3 });
    expect([ids(second.rows), second.newerCursor, second.olderCursor]).toEqual(['dcb', 'd', 'b']);
    const last = await list.page({ after: 'b', limit: 3 });
    expect([ids(last.rows), last.newerCursor, last.olderCursor]).toEqual(['a', 'a', null]);
  });

  it('goes back to newer rows in list order, and knows when it reached the newest', async () => {
    const back = await list.page({ before: 'a', limit: 3 });
    expect([ids(back.rows), back.newerCursor, back.olderCursor]).toEqual(['dcb', 'd', 'b']);
    const newest = await list.page({ before: 'd', limit: 3 });
    expect([ids(newest.rows), newest.newerCursor, newest.olderCursor]).toEqual(['gfe', null, 'e']);
    const short = await list.page({ before: 'e', limit: 3 });
    expect([ids(short.rows), short.newerCursor, short.olderCursor]).toEqual(['gf', null, 'f']);
  });

  it('reads a batch in list order after a row, as the exports do', async () => {
    expect(ids(await list.batch(undefined, 2))).toBe('gf');
    expect(ids(await list.batch('e', 2))).toBe('dc');
  });
});
