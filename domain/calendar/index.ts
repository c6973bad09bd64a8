export * from './calendar.js';
export * from './dates.js';
export * from './russia.js';
export * from './schoolTime.js';
