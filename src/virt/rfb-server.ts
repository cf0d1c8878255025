/**
 * A minimal RFB (VNC, RFC 6143) server session over a blank framebuffer: what a console proxy
 * talks to when the fake hypervisor has no real screen. It negotiates 3.8 (3.7 and 3.3 when the
 * client asks for them), offers only the None security type, answers ServerInit and full
 * framebuffer requests with raw all-black pixels, and ignores input. Transport-neutral: the
 * caller feeds received bytes in and sends what `send` hands it (one RFB message per call, so a
 * message-per-frame websocket client reads each step whole).
 */

export interface RfbScreen {
  width: number;
  height: number;
  /** ServerInit's desktop name (ASCII keeps it short and predictable for simple clients) */
  name: string;
}

export interface RfbSession {
  /** bytes from the client, in any chunking */
  receive(chunk: Buffer): void;
}

const SERVER_VERSION = 'RFB 003.008\n';
const SECURITY_NONE = 1;

type Phase = 'version' | 'security' | 'init' | 'normal' | 'closed';

/** 32 bits per pixel, depth 24, little-endian, true colour, 8 bits per channel (red high) */
const DEFAULT_PIXEL_FORMAT = Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]);

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function serverInit(screen: RfbScreen): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(screen.width, 0);
  head.writeUInt16BE(screen.height, 2);
  const name = Buffer.from(screen.name, 'latin1');
  return Buffer.concat([head, DEFAULT_PIXEL_FORMAT, u32(name.length), name]);
}

/** FramebufferUpdate: one raw rectangle covering the screen, every pixel zero (black) */
function blankUpdate(screen: RfbScreen, bytesPerPixel: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt8(0, 0); // message type FramebufferUpdate
  head.writeUInt16BE(1, 2); // one rectangle
  head.writeUInt16BE(screen.width, 8);
  head.writeUInt16BE(screen.height, 10);
  head.writeInt32BE(0, 12); // raw encoding
  return Buffer.concat([head, Buffer.alloc(screen.width * screen.height * bytesPerPixel)]);
}

/**
 * The length of the client message at the head of `buf` (RFC 6143 §7.5), undefined while
 * incomplete, null for an unknown type (the session cannot resynchronise and ends).
 */
function clientMessageLength(buf: Buffer): number | undefined | null {
  if (buf.length < 1) return undefined;
  switch (buf[0]) {
    case 0: // SetPixelFormat
      return 20;
    case 2: // SetEncodings
      return buf.length < 4 ? undefined : 4 + 4 * buf.readUInt16BE(2);
    case 3: // FramebufferUpdateRequest
      return 10;
    case 4: // KeyEvent
      return 8;
    case 5: // PointerEvent
      return 6;
    case 6: // ClientCutText
      return buf.length < 8 ? undefined : 8 + buf.readUInt32BE(4);
    default:
      return null;
  }
}

export function startRfbSession(screen: RfbScreen, send: (b: Buffer) => void, close: () => void): RfbSession {
  let phase: Phase = 'version';
  let minor = 8;
  let bytesPerPixel = 4;
  let pending: Buffer = Buffer.alloc(0);

  const end = (): void => {
    phase = 'closed';
    close();
  };

  /** consumes one step from `pending`; false when more bytes are needed */
  const step = (): boolean => {
    switch (phase) {
      case 'version': {
        if (pending.length < 12) return false;
        const m = /^RFB 003\.(\d{3})\n$/.exec(pending.subarray(0, 12).toString('latin1'));
        pending = pending.subarray(12);
        if (!m) {
          end();
          return false;
        }
        // a 3.8 server serves 3.7 too; any other version below 3.8 is treated as 3.3 (RFC 6143 §7.1.1)
        const asked = Number(m[1]);
        minor = asked >= 8 ? 8 : asked === 7 ? 7 : 3;
        if (minor === 3) {
          // 3.3: the server decides the type, no result for None
          send(u32(SECURITY_NONE));
          phase = 'init';
        } else {
          send(Buffer.from([1, SECURITY_NONE]));
          phase = 'security';
        }
        return true;
      }
      case 'security': {
        if (pending.length < 1) return false;
        const choice = pending[0];
        pending = pending.subarray(1);
        if (choice !== SECURITY_NONE) {
          if (minor === 8) {
            const reason = Buffer.from('Only security type None is supported', 'latin1');
            send(Buffer.concat([u32(1), u32(reason.length), reason]));
          }
          end();
          return false;
        }
        if (minor === 8) send(u32(0));
        phase = 'init';
        return true;
      }
      case 'init': {
        // ClientInit: the shared flag; every session shares the one blank screen
        if (pending.length < 1) return false;
        pending = pending.subarray(1);
        send(serverInit(screen));
        phase = 'normal';
        return true;
      }
      case 'normal': {
        const len = clientMessageLength(pending);
        if (len === null) {
          end();
          return false;
        }
        if (len === undefined || pending.length < len) return false;
        const msg = pending.subarray(0, len);
        pending = pending.subarray(len);
        // SetPixelFormat: bits-per-pixel at offset 4 sizes the raw pixels from now on
        if (msg[0] === 0) bytesPerPixel = Math.max(1, msg.readUInt8(4) / 8);
        // the screen never changes, so only a non-incremental request gets an update
        if (msg[0] === 3 && msg[1] === 0) send(blankUpdate(screen, bytesPerPixel));
        return true;
      }
      case 'closed':
        return false;
    }
  };

  send(Buffer.from(SERVER_VERSION, 'latin1'));
  return {
    receive(chunk: Buffer): void {
      if (phase === 'closed') return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (step());
    },
  };
}
