// Public surface of the config module.
export * from './types.js';
export { ConfigError, type ConfigErrorDetails } from './errors.js';
export * from './load.js';
export * from './overrides.js';
export * from './providers.js';
export * from './auth.js';
export * from './projectDoc.js';
export * from './shellEnv.js';
