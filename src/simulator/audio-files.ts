// Short, real audio for the simulator's download URLs, so a player in a browser really plays.

const SAMPLE_RATE = 8000;

/** A mono 16-bit PCM WAV file with a gentle tone: what `.wav` download URLs serve. */
export function toneWav(seconds: number, frequencyHz: number): Buffer {
  const samples = Math.round(seconds * SAMPLE_RATE);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    // A short fade in and out, so the tone does not click.
    const envelope = Math.min(1, i / 400, (samples - i) / 400);
    const value = Math.sin((2 * Math.PI * frequencyHz * i) / SAMPLE_RATE) * 0.3 * envelope;
    data.writeInt16LE(Math.round(value * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * An MP3 of silence: MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono) whose side
 * information is all zero, which decoders play as silence. No encoder needed.
 */
export function silentMp3(seconds: number): Buffer {
  const frameBytes = Math.floor((144 * 128_000) / 44_100); // 417
  const frames = Math.ceil(seconds / (1152 / 44_100));
  const frame = Buffer.alloc(frameBytes);
  frame.set([0xff, 0xfb, 0x90, 0xc0]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}
