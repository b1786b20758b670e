import { Presets, SingleBar } from 'cli-progress';
import type { DownloadProgress } from './model-download.ts';

/** A download progress display: feed it progress, stop it when the download ends either way. */
export interface DownloadProgressBar {
  update(progress: DownloadProgress): void;
  stop(): void;
}

/**
 * A progress bar for a model download, drawn on `stream` (stderr by default) only when it is a
 * terminal; elsewhere (pipes, CI logs) it draws nothing. It stops by itself when the download
 * completes; call stop() when it fails.
 */
export function downloadProgressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): DownloadProgressBar {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% · {done}/{size} MB · {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(0);
  const stop = () => {
    if (started && !stopped) bar.stop();
    stopped = true;
  };
  return {
    update({ downloadedBytes, totalBytes }) {
      if (stopped) return;
      const payload = { done: megabytes(downloadedBytes), size: megabytes(totalBytes) };
      if (!started) {
        bar.start(totalBytes, downloadedBytes, payload);
        started = true;
      } else {
        bar.setTotal(totalBytes);
        bar.update(downloadedBytes, payload);
      }
      if (totalBytes > 0 && downloadedBytes >= totalBytes) stop();
    },
    stop,
  };
}
