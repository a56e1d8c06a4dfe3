export * from './providers';
export * from './accounts';
export * from './errors';
export * from './ipc/contract';
export * from './ipc/payloads';
