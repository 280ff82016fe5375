import { describe, expect, it } from 'vitest';
import { sign, signParams } from '@/lib/eftpay/sign';
import { classifyAnswer } from '@/lib/eftpay/transport';

const SECRET = 'testsignkey1234';
const ok = {
  return_status: '00',
  return_char: '',
  out_trade_no: 'T1',
  trade_status: 'TRADE_SUCCESS',
  time: '20190824104135',
};

describe('classifyAnswer (docs/eftpay-gateway.md §3, §12 #4)', () => {
  it('accepts a signed "00" answer', () => {
    expect(classifyAnswer(signParams(ok, SECRET), null, SECRET)).toMatchObject({
      kind: 'accepted',
      reading: 'skip-empty',
    });
  });

  it('accepts a signature from a sign header when the body has none', () => {
    expect(classifyAnswer(ok, sign(ok, SECRET), SECRET).kind).toBe('accepted');
  });

  it('does not believe an unsigned "00" answer', () => {
    expect(classifyAnswer(ok, null, SECRET)).toEqual({ kind: 'unknown', reason: 'unsigned' });
  });

  it('calls a "00" answer with a wrong signature bad-signature', () => {
    expect(classifyAnswer({ ...signParams(ok, SECRET), trade_status: 'TRADE_CLOSED' }, null, SECRET)).toEqual({
      kind: 'unknown',
      reason: 'bad-signature',
    });
  });

  it('treats an unsigned non-"00" answer as a rejection (error answers may be unsigned)', () => {
    expect(classifyAnswer({ return_status: '02', return_char: 'sign error' }, null, SECRET)).toEqual({
      kind: 'rejected',
      returnStatus: '02',
      message: 'sign error',
      signed: false,
    });
  });

  it('treats a signed non-"00" answer as a rejection', () => {
    const answer = signParams({ return_status: '05', return_char: 'too much', time: '20190824104135' }, SECRET);
    expect(classifyAnswer(answer, null, SECRET)).toMatchObject({ kind: 'rejected', returnStatus: '05', signed: true });
  });

  it('does not trust a non-"00" answer whose signature is wrong', () => {
    expect(classifyAnswer({ return_status: '05', sign: 'f'.repeat(64) }, null, SECRET).kind).toBe('unknown');
  });

  it('calls an answer without return_status unparsable', () => {
    expect(classifyAnswer(signParams({ trade_status: 'TRADE_SUCCESS' }, SECRET), null, SECRET)).toMatchObject({
      kind: 'unknown',
      reason: 'unparsable',
    });
  });
});
