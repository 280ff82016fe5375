import { getRequestConfig } from 'next-intl/server';
import { HK_TZ } from '@/lib/time/hk';
import en from './messages/en';

// English only for now; a Traditional Chinese catalogue (zh-HK) slots in beside `en`.
export default getRequestConfig(async () => ({
  locale: 'en',
  messages: en,
  timeZone: HK_TZ,
}));
