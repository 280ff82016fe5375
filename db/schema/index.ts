import 'server-only';

export * from './audit';
export * from './enums';
export * from './orders';
export * from './refund-days';
export * from './staff';
export * from './stores';
