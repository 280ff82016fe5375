// Sections (§) refer to docs/eftpay-gateway.md.

import { describe, expect, it } from 'vitest';
import { compactParams, sign, signingString, signParams, verify } from '@/lib/eftpay/sign';

const SECRET = 'testsignkey1234';

describe('sign (docs/eftpay-gateway.md §2)', () => {
  it('reproduces the official test vector of §2.2', () => {
    const params = { p0: 'c', p2: 'b', p1: 'a' };
    expect(signingString(params, SECRET)).toBe('testsignkey1234p0=c&p1=a&p2=b');
    expect(sign(params, SECRET)).toBe('ed473ec9e423747a40b87403aa9814030861932d514dab000ed1f8a741f1d6df');
  });

  it('D1: signs the seed Close request, ignoring the sign field already present', () => {
    const params = {
      service: 'service.wechat.qrcode.Close',
      user_confirm_key: '12345678',
      out_trade_no: '201908241040035',
      buyertype: 'ios',
      sign: '24db1adc94b18a416796695a3062398bf3908bff7647da4948b769bf118dff87',
      time: '20190824104052',
      paytype: 'WeChat',
      payment_type: 'WECHATCN',
    };
    expect(signingString(params, SECRET)).toBe(
      'testsignkey1234buyertype=ios&out_trade_no=201908241040035&payment_type=WECHATCN&paytype=WeChat&service=service.wechat.qrcode.Close&time=20190824104052&user_confirm_key=12345678',
    );
    expect(sign(params, SECRET)).toBe('7783b56542cbb3d7a6649e0aa38bdb37170352c789b1b892d65bf5a4b08dbb7f');
  });

  it('D2: signs a QR refund request', () => {
    const params = {
      service: 'service.alipay.qrcode.Refund',
      user_confirm_key: '12345678',
      transaction_amount: '0.01',
      out_trade_no: '201908241040035',
      paytype: 'Alipay',
      buyertype: 'others',
      payment_type: 'ALIPAYHK',
      refund_no: '201908241040035R1',
      time: '20190824120000',
    };
    expect(sign(params, SECRET)).toBe('17f2e16262a54b9c4615c2c199c073fb89d9a7e537ef5209c9508e58364be8f1');
  });

  it('D3: hashes Chinese values as raw UTF-8', () => {
    const params = { out_trade_no: 'T1', subject: '测试123', time: '20190824120000' };
    expect(signingString(params, SECRET)).toBe('testsignkey1234out_trade_no=T1&subject=测试123&time=20190824120000');
    expect(sign(params, SECRET)).toBe('3c37d09a84a42424c0fbf96614fb6aa2f56f53bbabf987f40d3dcfde70550c47');
  });

  it('D4: sorts names case-sensitively in byte order, never case-insensitively (D4-wrong)', () => {
    const params = { paytype: 'Alipay', payment_type: 'ALIPAYHK', pay_scene: 'WEB', payType: 'Alipay' };
    expect(signingString(params, SECRET)).toBe(
      'testsignkey1234payType=Alipay&pay_scene=WEB&payment_type=ALIPAYHK&paytype=Alipay',
    );
    expect(sign(params, SECRET)).toBe('1b079ad8cd6c69ad25c7515ff8360eb53ab053b2143e8a9e1786066fb2876aa4');
    expect(sign(params, SECRET)).not.toBe('f7f10ad8e12cced67689dffa9ded66b05089f656ce89f22ad40be4a77658dc42');
  });

  const answer = {
    out_trade_no: '201908241040035',
    return_status: '00',
    return_char: '',
    time: '20190824104135',
    trade_status: 'TRADE_SUCCESS',
  };

  it('D5a: skips empty values by default', () => {
    expect(sign(answer, SECRET)).toBe('bd6b3bf9db569cc8b700047eec192eff84d6ad4b08262ee5433cad7f00f11c61');
  });

  it('D5b: includes empty values as `name=` when asked', () => {
    expect(signingString(answer, SECRET, 'include-empty')).toContain('&return_char=&');
    expect(sign(answer, SECRET, 'include-empty')).toBe(
      'db5c3930420b68fde1c3abb3fce909a3aa02cb0f45e474b43e769e77b46e3e7e',
    );
  });

  it('builds request bodies without empty or missing values (§12 #1)', () => {
    expect(compactParams({ a: '1', b: '', c: undefined, d: null })).toEqual({ a: '1' });
  });

  it('signParams adds a sign that covers every other field', () => {
    const signed = signParams({ p0: 'c', p2: 'b', p1: 'a' }, SECRET);
    expect(signed.sign).toBe('ed473ec9e423747a40b87403aa9814030861932d514dab000ed1f8a741f1d6df');
  });
});

describe('verify (§12 #1, #3, #5)', () => {
  const d5a = { ...answer(), sign: 'bd6b3bf9db569cc8b700047eec192eff84d6ad4b08262ee5433cad7f00f11c61' };
  const d5b = { ...answer(), sign: 'db5c3930420b68fde1c3abb3fce909a3aa02cb0f45e474b43e769e77b46e3e7e' };

  function answer() {
    return {
      out_trade_no: '201908241040035',
      return_status: '00',
      return_char: '',
      time: '20190824104135',
      trade_status: 'TRADE_SUCCESS',
    };
  }

  it('accepts a signature made with empties skipped and reports that reading', () => {
    expect(verify(d5a, SECRET)).toEqual({ ok: true, reading: 'skip-empty' });
  });

  it('accepts a signature made with empties included and reports that reading', () => {
    expect(verify(d5b, SECRET)).toEqual({ ok: true, reading: 'include-empty' });
  });

  it('accepts upper-case hex', () => {
    expect(verify({ ...d5a, sign: d5a.sign.toUpperCase() }, SECRET).ok).toBe(true);
  });

  it('covers fields it does not know (a new field changes the signature)', () => {
    expect(verify({ ...d5a, new_field: 'x' }, SECRET).ok).toBe(false);
    const withNew = { ...answer(), new_field: 'x' };
    expect(verify({ ...withNew, sign: sign(withNew, SECRET) }, SECRET).ok).toBe(true);
  });

  it('rejects a tampered value', () => {
    expect(verify({ ...d5a, trade_status: 'TRADE_CLOSED' }, SECRET).ok).toBe(false);
  });

  it('rejects the wrong secret', () => {
    expect(verify(d5a, 'othersecret')).toEqual({ ok: false });
  });

  it('rejects a signature of the wrong length without throwing', () => {
    expect(verify({ ...d5a, sign: d5a.sign.slice(0, 63) }, SECRET).ok).toBe(false);
    expect(verify({ ...d5a, sign: `${d5a.sign}00` }, SECRET).ok).toBe(false);
  });

  it('rejects a missing or non-string sign', () => {
    expect(verify(answer(), SECRET).ok).toBe(false);
    expect(verify({ ...answer(), sign: 42 }, SECRET).ok).toBe(false);
  });

  it('stringifies numbers in a received body before verifying', () => {
    const signed = signParams({ total_fee: '12', out_trade_no: 'T1' }, SECRET);
    expect(verify({ ...signed, total_fee: 12 }, SECRET).ok).toBe(true);
  });

  it('fails on nested objects or arrays (no defined rule, §12 #2)', () => {
    const signed = signParams({ out_trade_no: 'T1' }, SECRET);
    expect(verify({ ...signed, items: [] }, SECRET).ok).toBe(false);
    expect(verify({ ...signed, info: { a: '1' } }, SECRET).ok).toBe(false);
  });
});
