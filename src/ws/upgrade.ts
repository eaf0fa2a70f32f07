/** The `upgradeWebSocket` helper that app.ts hands to WS route modules (no import of app.ts). */
import type { NodeWebSocket } from '@hono/node-ws';

export type UpgradeWebSocket = NodeWebSocket['upgradeWebSocket'];
