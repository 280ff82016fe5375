import 'server-only';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { MessageKey } from '@/lib/shared/messages';

/** The lowest zxcvbn score (0–4) a chosen password may have: 3 is "safely unguessable" online. */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
/** Built once, on first use: the common-password and word lists are large and stay on the server. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/**
 * Why a password a staff member chose is refused, as one of our own messages, or null when it is
 * strong enough: zxcvbn's estimate with the common-password list (score below MIN_PASSWORD_SCORE is
 * refused, explained from the weakest pattern it found), and never the account's own e-mail or its
 * local part. `personal`: more of the account's own words (its name), counted as user inputs.
 */
export function passwordWeakness(password: string, email: string, personal: readonly string[] = []): MessageKey | null {
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if ((local.length >= 3 && lower.includes(local)) || lower.includes(address)) return 'errors.staff.password_has_email';
  const result = zxcvbn().check(
    password,
    [address, local, ...local.split(/[^a-z0-9]+/), ...personal.flatMap(words)].filter((s) => s.length >= 3),
  );
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const patterns = new Set(result.sequence.map((match) => match.pattern));
  const dictionaryNames = new Set(
    result.sequence.map((match) => ('dictionaryName' in match ? match.dictionaryName : null)),
  );
  if (dictionaryNames.has('userInputs')) return 'errors.staff.password_has_personal';
  if (dictionaryNames.has('passwords-common')) return 'errors.staff.password_weak_common';
  if (patterns.has('repeat')) return 'errors.staff.password_weak_repeats';
  if (patterns.has('sequence') || patterns.has('spatial')) return 'errors.staff.password_weak_sequence';
  if (patterns.has('date') || patterns.has('regex')) return 'errors.staff.password_weak_dates';
  if (patterns.has('dictionary')) return 'errors.staff.password_weak_words';
  return 'errors.staff.password_weak';
}

/** A name as the words someone might build a password from: the whole, lower-cased, and each part. */
function words(text: string): string[] {
  const lower = text.trim().toLowerCase();
  return [lower, lower.replace(/\s+/g, ''), ...lower.split(/[^\p{L}\p{N}]+/u)];
}
