import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ListSubmissions } from '../../core/forms/list-submissions.js';
import { PETS, SUBMISSION_RULES } from '../../core/forms/submission.js';
import { SubmitForm } from '../../core/forms/submit-form.js';
import { ValidationError } from '../../core/shared/validation-error.js';
import { requireAdmin } from './admin-auth.js';
import type { HttpDependencies } from './http-dependencies.js';
import { pageRoute } from './page-route.js';
import { problemRef } from './schemas/problem-schema.js';
import { type SubmitFormBody, submitFormBodySchema } from './schemas/submission-schema.js';
import { toFieldIssues } from './validation-issues.js';

const formRules = { ...SUBMISSION_RULES, pets: PETS };

/** A browser posts the HTML form; everything else is an API client that wants JSON. */
function fromBrowser(request: FastifyRequest): boolean {
  return request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
}

function renderForm(reply: FastifyReply, status: number, values: Partial<SubmitFormBody>, errors = {}, submitted = false) {
  return reply.code(status).view('form', { values, errors, submitted, rules: formRules });
}

export const formsRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const submitForm = deps.useCases.get(SubmitForm);
  const listSubmissions = deps.useCases.get(ListSubmissions);
  // Only the form reads urlencoded bodies: registered in this plugin's scope, so an urlencoded POST /users or
  // POST /visits is a 415 instead of being read as if it were JSON.
  await app.register(formbody);

  app.get<{ Querystring: { submitted?: string } }>(
    '/form',
    {
      schema: {
        tags: ['forms'],
        summary: 'The form page',
        produces: ['text/html'],
        querystring: {
          type: 'object',
          properties: { submitted: { type: 'string', maxLength: 64 } },
        },
      },
    },
    (request, reply) => renderForm(reply, 200, {}, {}, request.query.submitted !== undefined),
  );

  app.post<{ Body: SubmitFormBody }>(
    '/form',
    {
      // The browser must get the form back with its errors, not a problem document, so validation failures
      // reach the handler instead of the error handler.
      attachValidation: true,
      schema: {
        tags: ['forms'],
        summary: 'Submit the form (urlencoded from a browser, or JSON)',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: submitFormBodySchema,
        response: { 201: { $ref: 'Submission#' }, 400: problemRef, 415: problemRef },
      },
    },
    async (request, reply) => {
      const browser = fromBrowser(request);
      try {
        if (request.validationError) throw new ValidationError(toFieldIssues(request.validationError.validation));
        const submission = await submitForm.execute(request.body);
        if (!browser) return reply.code(201).send(submission);
        // Absolute, built from the scheme and host the client used (as forwarded by a trusted TLS proxy).
        return reply.redirect(`${request.protocol}://${request.host}/form?submitted=${submission.id}`, 303);
      } catch (error) {
        if (!browser || !(error instanceof ValidationError)) throw error;
        const errors = Object.fromEntries(error.issues.map((issue) => [issue.field, issue.message]));
        const values = typeof request.body === 'object' && request.body !== null ? request.body : {};
        return renderForm(reply, 400, values, errors);
      }
    },
  );

  pageRoute(app, '/submissions', {
    tags: ['forms'],
    summary: 'List form submissions, newest first (admin)',
    itemRef: { $ref: 'Submission#' },
    hooks: { preHandler: requireAdmin(deps.settings.adminToken) },
    security: [{ adminToken: [] }],
    responses: { 401: problemRef },
    list: (query) => listSubmissions.execute(query),
  });
};
