import type { Severity } from '../findings/model.js';

export const COMPLIANCE_FRAMEWORKS = ['pci-dss', 'hipaa', 'soc2', 'iso27001', 'gdpr'] as const;
export const REPORT_FORMATS = ['json', 'sarif', 'markdown', 'html', 'pdf'] as const;

/** Config-file options with no action input: kept in the settings for the stages that use them. */
export interface ConfigExtras {
  /** `orchestration.scanSchedule`: a cron expression, shown as the workflow's `on.schedule` snippet. */
  readonly scanSchedule?: string;
  readonly reportFormats: readonly (typeof REPORT_FORMATS)[number][];
  readonly automediate: boolean;
  /** `report.trendHistory`: how many of the default branch's latest baselines the trends read (0: none). */
  readonly trendHistory: number;
  readonly compliance: {
    readonly frameworks: readonly (typeof COMPLIANCE_FRAMEWORKS)[number][];
    /** Time to fix, per severity, in milliseconds (defaults: critical 1h, high 4h, medium 24h, low 7d). */
    readonly slas: Readonly<Record<Exclude<Severity, 'info'>, number>>;
  };
}

export const DEFAULT_EXTRAS: ConfigExtras = {
  reportFormats: ['json', 'sarif', 'markdown'],
  automediate: false,
  trendHistory: 10,
  compliance: { frameworks: [], slas: { critical: 3_600_000, high: 4 * 3_600_000, medium: 24 * 3_600_000, low: 7 * 24 * 3_600_000 } },
};
