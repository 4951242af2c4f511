// The logger contract. Node-only code supplies a real sink; libraries default to silence.

export type LogLevel = 'debug' | 'info' | 'error' | 'fatal';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};
export const silentLogger: Logger = { debug: noop, info: noop, error: noop };
