// Execution environments: where a thread's commands run (this machine or an exec-server).
export { loadEnvironments, parseEnvironmentsTable, ENVIRONMENTS_FILE_NAME, EXEC_SERVER_URL_ENVIRONMENT_ID, NO_ENVIRONMENT_ID } from './config.js';
export type { EnvironmentsConfig, RemoteEnvironmentDefinition } from './config.js';
export { EnvironmentRegistry, UnknownEnvironmentError, NoEnvironmentError } from './registry.js';
export type { EnvironmentSummary, EnvironmentConnectionState } from './registry.js';
export { remoteProcessBackend, RemoteEnvironmentDisconnectedError } from './remoteBackend.js';
