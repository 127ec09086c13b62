// Suggested changes on the pull request (the `suggestions` input). What to suggest, on which
// lines, with which body, and what becomes of an earlier run's comments is decided in Rust
// (`WorkspaceReport.suggest`, workspace/src/render/suggest.rs); this file only talks to GitHub:
// it lists the pull request's files and review comments, applies the plan (update, delete, one
// new review), and keeps within GitHub's limits.

import fs from "node:fs";
import * as core from "@actions/core";
import * as github from "@actions/github";

/** The most comments one run posts in its review; the rest stay annotations (logged). */
export const MAX_REVIEW_COMMENTS = 50;
/** Retries of a request GitHub rate-limited (secondary limits, 429) or failed with a 5xx. */
const MAX_RETRIES = 3;
/** The longest wait before a retry, whatever GitHub asks for. */
const MAX_WAIT_MS = 60_000;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before retrying a failed request, or `null` when it must not be retried.
 * @param {any} error
 * @param {number} attempt 0 for the first retry
 */
function retryDelay(error, attempt) {
  const status = error?.status;
  const headers = error?.response?.headers ?? {};
  const message = String(error?.response?.data?.message ?? error?.message ?? "");
  const rateLimited =
    status === 429 ||
    (status === 403 && (headers["retry-after"] !== undefined || /rate limit/i.test(message) || headers["x-ratelimit-remaining"] === "0"));
  if (!rateLimited && !(status >= 500 && status <= 599)) return null;
  if (headers["retry-after"] !== undefined) {
    const seconds = Number(headers["retry-after"]);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  }
  if (headers["x-ratelimit-remaining"] === "0" && headers["x-ratelimit-reset"] !== undefined) {
    const wait = Number(headers["x-ratelimit-reset"]) * 1000 - Date.now();
    if (Number.isFinite(wait)) return Math.min(Math.max(wait, 0), MAX_WAIT_MS);
  }
  // GitHub's advice for secondary limits without a header: wait at least a minute; for 5xx a
  // short exponential backoff.
  return rateLimited ? MAX_WAIT_MS : Math.min(1000 * 2 ** attempt, MAX_WAIT_MS);
}

/** @param {string} token */
function client(token) {
  const octokit = github.getOctokit(token);
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const wait = attempt < MAX_RETRIES ? retryDelay(error, attempt) : null;
        if (wait === null) throw error;
        core.info(`suggestions: ${options.method} ${options.url} got ${error.status}; retrying in ${Math.round(wait / 1000)} s`);
        await sleep(wait);
      }
    }
  });
  return octokit;
}

/**
 * Whether GitHub refused for lack of permission (a fork's read-only token).
 * @param {any} error
 */
function forbidden(error) {
  const message = String(error?.response?.data?.message ?? error?.message ?? "");
  return error?.status === 403 && /not accessible|permission/i.test(message);
}

const FALLBACK =
  "the token cannot write to this pull request (a fork's pull request gets a read-only GITHUB_TOKEN); " +
  "falling back to annotations. Grant `pull-requests: write` (see the README) to get suggested changes.";

/**
 * Post the report's fixes as suggested changes on the pull request of the current event.
 * @param {import("shipshape-wasm").WorkspaceReport} report
 * @param {"safe" | "all"} mode
 * @param {string} token
 */
export async function postSuggestions(report, mode, token) {
  const eventName = process.env.GITHUB_EVENT_NAME ?? "";
  let payload = null;
  try {
    payload = process.env.GITHUB_EVENT_PATH ? JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : null;
  } catch (error) {
    core.warning(`suggestions: cannot read the event payload (${error.message}); no suggestions`);
    return;
  }
  const pr = payload?.pull_request;
  if (!eventName.startsWith("pull_request") || !pr?.number || !pr?.head?.sha || !pr?.base?.repo) {
    core.info(`suggestions: \`${eventName || "unknown"}\` is not a pull request event; no suggestions`);
    return;
  }
  const headRepo = pr.head.repo?.full_name;
  const baseRepo = pr.base.repo.full_name;
  if (eventName === "pull_request" && headRepo !== baseRepo) {
    core.warning(`suggestions: pull request from the fork ${headRepo ?? "(deleted)"}: ${FALLBACK}`);
    return;
  }
  if (!token) {
    core.warning("suggestions: the `token` input is empty; falling back to annotations");
    return;
  }
  const octokit = client(token);
  const where = { owner: pr.base.repo.owner.login, repo: pr.base.repo.name, pull_number: pr.number };
  try {
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...where, per_page: 100 });
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...where, per_page: 100 });
    const plan = report.suggest({
      mode,
      files: files.filter((file) => file.status !== "removed").map((file) => ({ path: file.filename, patch: file.patch ?? null })),
      existing: comments.map((comment) => ({
        id: comment.id,
        path: comment.path,
        line: comment.line ?? null,
        start_line: comment.start_line ?? null,
        body: comment.body,
      })),
    });
    for (const update of plan.update) {
      await octokit.rest.pulls.updateReviewComment({ owner: where.owner, repo: where.repo, comment_id: update.id, body: update.body });
    }
    for (const id of plan.delete) {
      await octokit.rest.pulls.deleteReviewComment({ owner: where.owner, repo: where.repo, comment_id: id });
    }
    const create = plan.create.slice(0, MAX_REVIEW_COMMENTS);
    if (create.length > 0) {
      await octokit.rest.pulls.createReview({
        ...where,
        commit_id: pr.head.sha,
        event: "COMMENT",
        body: `shipshape: ${create.length} suggested fix${create.length === 1 ? "" : "es"} (\`suggestions: ${mode}\`).`,
        comments: create,
      });
    }
    const skipped = plan.skipped;
    core.info(
      `suggestions: ${create.length} posted, ${plan.update.length} updated, ${plan.unchanged} unchanged, ${plan.delete.length} deleted; ` +
        `left to the annotations: ${skipped.outsideDiff} outside the diff, ` +
        `${skipped.secret} holding a secret, ${skipped.tooLarge} too large` +
        (plan.create.length > create.length ? `, ${plan.create.length - create.length} over the limit of ${MAX_REVIEW_COMMENTS} per run` : ""),
    );
  } catch (error) {
    if (forbidden(error)) {
      core.warning(`suggestions: ${FALLBACK}`);
      return;
    }
    core.warning(`suggestions: GitHub answered ${error?.status ?? "nothing"} (${error?.message ?? error}); falling back to annotations`);
  }
}
