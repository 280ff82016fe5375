import audit from './audit.json';
import auth from './auth.json';
import close from './close.json';
import common from './common.json';
import errors from './errors.json';
import finance from './finance.json';
import gateway from './gateway.json';
import labels from './labels.json';
import nav from './nav.json';
import orders from './orders.json';
import refunds from './refunds.json';
import staff from './staff.json';

/** Traditional Chinese (Hong Kong) messages: the same files and keys as `en`. */
const messages = { common, errors, labels, auth, nav, orders, refunds, close, finance, audit, staff, gateway };
export default messages;
