/**
 * AudioWorklet processor: copies the first input channel into blocks and posts
 * each block (transferred, no copy) to the MessagePort it is given, which the
 * page hands on to the sound worker. Audio never passes the main thread.
 */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

const BLOCK = 2048;

class AudioCaptureProcessor extends AudioWorkletProcessor {
  private sink: MessagePort | null = null;
  private block = new Float32Array(BLOCK);
  private filled = 0;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<{ sink?: MessagePort }>) => {
      if (event.data.sink) this.sink = event.data.sink;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel || !this.sink) return true;
    let at = 0;
    while (at < channel.length) {
      const n = Math.min(channel.length - at, BLOCK - this.filled);
      this.block.set(channel.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === BLOCK) this.flush();
    }
    return true;
  }

  private flush(): void {
    this.sink?.postMessage({ samples: this.block, sampleRate }, [this.block.buffer]);
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
  }
}

registerProcessor('audio-capture', AudioCaptureProcessor);
