/**
 * The notification sinks, in order: Slack, the webhook, email, DefectDojo. Each is off until its address is set.
 * Slack, the webhook and email follow `notify-on`; the DefectDojo sync runs on every scan (it mirrors the
 * findings, and closes those no longer found). A failure throws an Error whose text names the channel's input to
 * change, with every secret value redacted; runSinks turns it into a warning and the gate is unchanged.
 */
import type { Sink, SinkContext } from '../sinks.js';
import { TOOL, USER_AGENT } from '../version.js';
import { syncDefectDojo } from './defectdojo.js';
import { buildSummary } from './message.js';
import { redact } from './secret.js';
import { notifySecrets, type NotifySettings } from './settings.js';
import { sendWebhook, webhookBody } from './webhook.js';
import { shouldNotify } from './when.js';

export interface NotifyDeps {
  settings: NotifySettings;
  /** SLACK_BOT_TOKEN / SLACK_CHANNEL: read when the inputs are empty. */
  env: Readonly<Partial<Record<'SLACK_BOT_TOKEN' | 'SLACK_CHANNEL', string>>>;
  /** The report artifact's name (`artifact-name`), for the link text. */
  artifactName?: string;
  /** The branch scanned, for DefectDojo's branch_tag. */
  branch?: string;
  now?: () => Date;
  /** Tests: a fetch, short timeouts, no retries. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  retries?: number;
  /** Tests: the SMTP server's CA. */
  smtpTlsOptions?: { ca?: string | Buffer; servername?: string };
}

/** Every secret value the sinks hold (settings and the environment fallbacks), for masking and redaction. */
export function notifySecretValues(d: Pick<NotifyDeps, 'settings' | 'env'>): string[] {
  return [...notifySecrets(d.settings), ...(d.env.SLACK_BOT_TOKEN ? [d.env.SLACK_BOT_TOKEN.trim()] : [])].filter((s) => s !== '');
}

function guarded(id: string, secrets: readonly string[], run: (ctx: SinkContext) => Promise<void>): Sink {
  return {
    id,
    async run(ctx) {
      try {
        await run(ctx);
      } catch (e) {
        throw new Error(redact(e instanceof Error ? e.message : String(e), secrets));
      }
    },
  };
}

/** Whether notify-on sends for this report; logs the reason when it does not. */
function due(d: NotifyDeps, ctx: SinkContext, channel: string): boolean {
  const w = shouldNotify(d.settings.notifyOn, ctx.report);
  if (!w.send) ctx.logger.info(`${channel} not sent: ${w.why}.`);
  return w.send;
}

export function notifySinks(d: NotifyDeps): Sink[] {
  const s = d.settings;
  const secrets = notifySecretValues(d);
  const now = d.now ?? (() => new Date());
  const summaryOf = (ctx: SinkContext) => buildSummary(ctx.report, { maxFindings: s.notifyMaxFindings, tool: `${TOOL.name} ${TOOL.version}`, ...(d.artifactName ? { artifactName: d.artifactName } : {}) });
  const sinks: Sink[] = [];

  const botToken = s.slackBotToken.set ? s.slackBotToken.reveal() : (d.env.SLACK_BOT_TOKEN ?? '').trim();
  const channel = s.slackChannel !== '' ? s.slackChannel : (d.env.SLACK_CHANNEL ?? '').trim();
  if (s.slackWebhookUrl.set || botToken !== '' || s.slackChannel !== '') {
    sinks.push(
      guarded('Slack notification', secrets, async (ctx) => {
        if (!s.slackWebhookUrl.set) {
          if (botToken === '') throw new Error("slack-channel is set, but there is no bot token: pass slack-bot-token (or SLACK_BOT_TOKEN) from a secret, or use slack-webhook-url.");
          if (channel === '') throw new Error('a Slack bot token is set, but no channel: set slack-channel (or SLACK_CHANNEL) to the channel ID, e.g. C0123456789.');
        }
        if (!due(d, ctx, 'Slack notification')) return;
        // The Slack SDK and nodemailer load on first use (import()), off the action's start-up path.
        const { sendSlack, slackMessage } = await import('./slack.js');
        const message = slackMessage(summaryOf(ctx));
        const sent = await sendSlack(
          JSON.parse(redact(JSON.stringify(message), secrets)),
          {
            ...(s.slackWebhookUrl.set ? { webhookUrl: s.slackWebhookUrl.reveal() } : { bot: { token: botToken, channel, apiUrl: s.slackApiUrl } }),
            ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}),
            ...(d.retries !== undefined ? { retries: d.retries } : {}),
          },
          (m) => ctx.logger.debug(redact(m, secrets)),
        );
        ctx.logger.info(sent);
      }),
    );
  }

  if (s.webhookUrl !== '') {
    sinks.push(
      guarded('webhook notification', secrets, async (ctx) => {
        if (!due(d, ctx, 'Webhook notification')) return;
        const body = JSON.parse(redact(JSON.stringify(webhookBody(summaryOf(ctx), now())), secrets));
        ctx.logger.info(
          await sendWebhook(body, { url: s.webhookUrl, secret: s.webhookSecret.reveal(), userAgent: USER_AGENT, now, ...(d.fetch ? { fetch: d.fetch } : {}), ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}) }),
        );
      }),
    );
  }

  if (s.emailTo.length > 0) {
    sinks.push(
      guarded('email notification', secrets, async (ctx) => {
        if (!due(d, ctx, 'Email')) return;
        const { chooseAttachment, sendEmail } = await import('./email.js');
        const summary = JSON.parse(redact(JSON.stringify(summaryOf(ctx)), secrets));
        const attachment = await chooseAttachment(ctx.files.html, ctx.files.json);
        ctx.logger.info(
          await sendEmail(
            summary,
            {
              host: s.smtpHost,
              port: s.smtpPort,
              tls: s.smtpTls,
              username: s.smtpUsername.reveal(),
              password: s.smtpPassword.reveal(),
              from: s.emailFrom,
              to: s.emailTo,
              ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}),
              ...(d.smtpTlsOptions ? { tlsOptions: d.smtpTlsOptions } : {}),
            },
            attachment,
          ),
        );
      }),
    );
  }

  if (s.defectdojoUrl !== '') {
    sinks.push(
      guarded('DefectDojo import', secrets, async (ctx) => {
        if (ctx.files.sarifFiles.length === 0) {
          ctx.logger.info('DefectDojo import skipped: no scanner wrote SARIF (a failed scanner writes none, so its DefectDojo test is left as it was).');
          return;
        }
        const c = ctx.report.context;
        const repositoryUrl = c.serverUrl && c.repository ? `${c.serverUrl.replace(/\/+$/, '')}/${c.repository}` : undefined;
        const r = await syncDefectDojo(
          {
            url: s.defectdojoUrl,
            token: s.defectdojoToken.reveal(),
            product: s.defectdojoProduct,
            productType: s.defectdojoProductType,
            engagement: s.defectdojoEngagement,
            testTitle: s.defectdojoTestTitle,
            run: { date: now(), ...(d.branch ? { branch: d.branch } : {}), ...(c.sha ? { commit: c.sha } : {}), ...(c.runId ? { buildId: c.runId } : {}), ...(repositoryUrl ? { repositoryUrl } : {}) },
            userAgent: USER_AGENT,
            secrets,
            ...(d.fetch ? { fetch: d.fetch } : {}),
            ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}),
          },
          ctx.files.sarifFiles,
        );
        for (const x of r.done) ctx.logger.info(`DefectDojo: ${x.action === 'import' ? 'imported (first run: product, engagement and test created as needed)' : 'reimported'} ${x.scanner} into "${s.defectdojoProduct}" / "${s.defectdojoEngagement}"${x.testId !== undefined ? ` (test ${x.testId})` : ''}.`);
        if (r.failed.length > 0) throw new Error(`${r.failed.length} of ${ctx.files.sarifFiles.length} SARIF file(s) not imported: ${r.failed.join(' ')}`);
      }),
    );
  }
  return sinks;
}
