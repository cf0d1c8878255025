/**
 * The RFB session on its own: the handshake however the client's bytes are chunked, the pixel
 * format a client sets sizing the raw update, and an unknown message ending the session.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRfbSession } from '../../src/virt/rfb-server.js';

const screen = { width: 4, height: 2, name: 'blank' };
const clientHandshake = Buffer.concat([Buffer.from('RFB 003.008\n', 'latin1'), Buffer.from([1, 1])]);

function session() {
  const sent: Buffer[] = [];
  let closed = 0;
  const s = startRfbSession(
    screen,
    (b) => sent.push(b),
    () => closed++,
  );
  return { s, sent, closed: () => closed };
}

test('one message per send, whether the client sends it all at once or byte by byte', () => {
  const whole = session();
  whole.s.receive(clientHandshake);
  const split = session();
  for (const byte of clientHandshake) split.s.receive(Buffer.from([byte]));
  for (const { sent, closed } of [whole, split]) {
    assert.equal(closed(), 0);
    assert.equal(sent.length, 4);
    assert.equal(sent[0]?.toString('latin1'), 'RFB 003.008\n');
    assert.deepEqual([...(sent[1] ?? [])], [1, 1]);
    assert.deepEqual([...(sent[2] ?? [])], [0, 0, 0, 0]);
    assert.equal(sent[3]?.length, 24 + 'blank'.length);
  }
});

test('a 16-bit pixel format set by the client halves the raw update', () => {
  const { s, sent } = session();
  s.receive(clientHandshake);
  const setPixelFormat = Buffer.alloc(20);
  setPixelFormat.writeUInt8(16, 4);
  s.receive(setPixelFormat);
  s.receive(Buffer.from([3, 0, 0, 0, 0, 0, 0, 4, 0, 2]));
  assert.equal(sent.at(-1)?.length, 16 + 4 * 2 * 2);
});

test('a malformed version or an unknown message type ends the session', () => {
  const bad = session();
  bad.s.receive(Buffer.from('HTTP/1.1 200\n', 'latin1'));
  assert.equal(bad.closed(), 1);
  const unknown = session();
  unknown.s.receive(Buffer.concat([clientHandshake, Buffer.from([99])]));
  assert.equal(unknown.closed(), 1);
  unknown.s.receive(Buffer.from([3, 0, 0, 0, 0, 0, 0, 4, 0, 2]));
  assert.equal(unknown.sent.length, 4, 'nothing more once closed');
});
