import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { OutboundFileMethod } from '@app/contracts';
import { ServiceMetrics } from '@app/telemetry';
import type { SendFailure } from '../delivery/send-failure';
import { SEND_RESULT } from './bot-metrics';

/** How one attempt to fetch a client's file from Telegram ended. */
export type DownloadResult = 'ready' | 'too_large' | 'failed' | 'retry';

/** Seconds: a small photo over a fast link (~50 ms) to a 20/50 MB file near its 5-minute timeout. */
const TRANSFER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Files moving between Telegram and the file store: clients' files downloaded (by result, bytes, time) and
 * employees' files uploaded with sendPhoto or sendDocument (by method and result, bytes, time). Many
 * `retry` downloads point at Telegram's file servers or at ticket-service's file store; `too_large` is a
 * client sending something over Telegram's 20 MB bot download limit (they are told).
 */
@Injectable()
export class FileTransferMetrics {
  private readonly downloads: Counter<'result'>;
  private readonly downloadedBytes: Counter;
  private readonly downloadDuration: Histogram;
  private readonly uploads: Counter<'method' | 'result'>;
  private readonly uploadedBytes: Counter<'method'>;
  private readonly uploadDuration: Histogram<'method'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.downloads = new Counter({
      name: 'desk_telegram_downloads_total',
      help: "Attempts to fetch a client's file from Telegram, by result: ready (stored), too_large, failed (given up), retry",
      labelNames: ['result'],
      registers,
    });
    this.downloadedBytes = new Counter({
      name: 'desk_telegram_downloaded_bytes_total',
      help: 'Bytes of clients’ files fetched from Telegram and stored',
      registers,
    });
    this.downloadDuration = new Histogram({
      name: 'desk_telegram_download_duration_seconds',
      help: 'Duration of one fetch of a client’s file from Telegram into the file store, whatever its result',
      buckets: TRANSFER_BUCKETS,
      registers,
    });
    this.uploads = new Counter({
      name: 'desk_telegram_uploads_total',
      help: 'Uploads of employees’ files to Telegram by method (photo, document) and result (delivered, 429, 403, 400, error)',
      labelNames: ['method', 'result'],
      registers,
    });
    this.uploadedBytes = new Counter({
      name: 'desk_telegram_uploaded_bytes_total',
      help: 'Bytes of employees’ files Telegram accepted, by method',
      labelNames: ['method'],
      registers,
    });
    this.uploadDuration = new Histogram({
      name: 'desk_telegram_upload_duration_seconds',
      help: 'Duration of one upload to Telegram (sendPhoto, sendDocument), the file read from the store as it goes',
      labelNames: ['method'],
      buckets: TRANSFER_BUCKETS,
      registers,
    });
  }

  /** Starts timing a fetch from Telegram; call the result with how it ended and the bytes stored. */
  downloadStarted(): (result: DownloadResult, bytes?: number) => void {
    const end = this.downloadDuration.startTimer();
    return (result, bytes) => {
      end();
      this.downloaded(result, bytes);
    };
  }

  /** A download settled without a fetch (a size announced over the limit). */
  downloaded(result: DownloadResult, bytes = 0): void {
    this.downloads.inc({ result });
    if (bytes > 0) this.downloadedBytes.inc(bytes);
  }

  /** Starts timing an upload; call the result with how it ended and the bytes sent. */
  uploadStarted(method: OutboundFileMethod): (result: 'delivered' | SendFailure['kind'], bytes: number) => void {
    const end = this.uploadDuration.startTimer({ method });
    return (result, bytes) => {
      end();
      this.uploads.inc({ method, result: SEND_RESULT[result] });
      if (result === 'delivered') this.uploadedBytes.inc({ method }, bytes);
    };
  }
}
