/** The native executor's public surface, loaded lazily by src/core/executor/create-executor.ts. */
export { createNativeExecutor, type NativeExecutorOptions } from './create-native-executor.js';
export { isNativeAvailable, nativeInfo, nativeUnavailableReason, type NativeInfo } from './load-native-addon.js';
