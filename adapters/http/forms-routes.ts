import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ListSubmissions } from '../../core/forms/list-submissions.js';
import { PETS, SUBMISSION_RULES } from '../../core/forms/submission.js';
import { type SubmitFormInput, SubmitForm } from '../../core/forms/submit-form.js';
import { type FieldIssue, ValidationError } from '../../core/shared/validation-error.js';
import { requireAdmin } from './admin-auth.js';
import type { HttpDependencies } from './http-dependencies.js';
import { pageRoute } from './page-route.js';
import { htmlResponse, pageErrorResponse } from './schemas/page-response.js';
import { problemRef } from './schemas/problem-schema.js';
import { type SubmitFormBody, submitFormBodySchema, submitFormFieldsSchema } from './schemas/submission-schema.js';
import { toFieldIssues } from './validation-issues.js';

const formRules = { ...SUBMISSION_RULES, pets: PETS };

/** How the page names each field when it says what is wrong with it; typed so that no field can be missed. */
const FIELD_LABELS: Record<keyof SubmitFormInput, string> = {
  name: 'Name',
  favoriteColor: 'Favourite colour',
  pet: 'Your answer to “cats or dogs?”',
};

const MISSING_BODY: FieldIssue = {
  field: 'body',
  message: 'is required: the form’s fields, urlencoded (Content-Type: application/x-www-form-urlencoded) or as JSON (Content-Type: application/json)',
};

const SAVED_NOTICE = 'Thank you — your answers were saved.';

type FieldMessages = Partial<Record<keyof SubmitFormInput, string>>;

/** A browser posts the HTML form; everything else is an API client that wants JSON. */
function fromBrowser(request: FastifyRequest): boolean {
  return request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
}

/** A form field as text: urlencoded bodies carry strings, or a list when a name repeats (a forged form). */
function fieldText(body: unknown, name: keyof SubmitFormInput): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

function formValues(body: unknown): SubmitFormInput {
  return { name: fieldText(body, 'name'), favoriteColor: fieldText(body, 'favoriteColor'), pet: fieldText(body, 'pet') };
}

/** Core's rules, in sentences that name the field as the page labels it. */
function fieldMessages(issues: readonly FieldIssue[]): FieldMessages {
  return Object.fromEntries(
    issues.map((issue) => [issue.field, `${FIELD_LABELS[issue.field as keyof SubmitFormInput]} ${issue.message}.`]),
  );
}

function renderFormPage(reply: FastifyReply, status: number, page: { values: Partial<SubmitFormInput>; errors: FieldMessages; notice?: string }) {
  return reply.code(status).view('form', { ...page, csrfToken: reply.generateCsrf(), rules: formRules });
}

/** The empty form; `notice`, when given, tells the person what just happened. */
function renderBlankForm(reply: FastifyReply, notice?: string) {
  return renderFormPage(reply, 200, { values: {}, errors: {}, ...(notice === undefined ? {} : { notice }) });
}

/** The form again with the person's answers and what to correct next to each field. */
function renderRejectedForm(reply: FastifyReply, values: SubmitFormInput, errors: FieldMessages) {
  return renderFormPage(reply, 400, { values, errors });
}

export const formsRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const submitForm = deps.useCases.get(SubmitForm);
  const listSubmissions = deps.useCases.get(ListSubmissions);
  // Only the form reads urlencoded bodies: registered in this plugin's scope, so an urlencoded POST /users or
  // POST /visits is a 415 instead of being read as if it were JSON.
  await app.register(formbody);
  // CSRF for the browser form, as a double submit: the secret in a cookie only this site's pages can cause to
  // be sent back (SameSite=Strict, HttpOnly, Secure behind TLS), a token derived from it in the form. JSON
  // clients need no token: a cross-site page cannot send a JSON body without a CORS preflight, which tally
  // never grants.
  await app.register(cookie);
  await app.register(csrfProtection, {
    cookieOpts: { path: '/form', sameSite: 'strict', httpOnly: true, secure: 'auto' },
  });

  app.get<{ Querystring: { submitted?: string } }>(
    '/form',
    {
      schema: {
        tags: ['forms'],
        summary: 'The form page; `?submitted` (set by the redirect after a saved form) thanks the person',
        querystring: {
          type: 'object',
          properties: { submitted: { type: 'string', maxLength: 64 } },
        },
        response: { 200: htmlResponse('The form, with a CSRF token in a hidden field and its cookie') },
      },
    },
    (request, reply) => renderBlankForm(reply, request.query.submitted === undefined ? undefined : SAVED_NOTICE),
  );

  // Undefined when the request names no media type: Fastify picks the body's schema by media type, so such a
  // request reaches the handler unread and unvalidated.
  app.post<{ Body: SubmitFormBody | undefined }>(
    '/form',
    {
      // After the body is read (the token is one of its fields), before anything judges it.
      preValidation: (request, reply, done) => (fromBrowser(request) ? app.csrfProtection(request, reply, done) : done()),
      // Failures reach the handler instead of the error handler: the browser must get the form back in people's
      // words (core's rules), and the API its problem document.
      attachValidation: true,
      schema: {
        tags: ['forms'],
        summary: 'Submit the form (urlencoded from a browser, with its CSRF token; or JSON from an API client)',
        body: {
          content: {
            'application/json': { schema: submitFormBodySchema },
            'application/x-www-form-urlencoded': { schema: submitFormFieldsSchema },
          },
        },
        response: {
          201: { description: 'Saved (JSON clients)', $ref: 'Submission#' },
          303: {
            description: 'Saved (browsers): see the form again at /form?submitted={id}',
            headers: { location: { type: 'string', format: 'uri' } },
            type: 'null',
          },
          400: pageErrorResponse('Not valid: browsers get the form again with each error next to its field'),
          403: pageErrorResponse('A browser form without its CSRF token or with one that does not match its cookie'),
          415: pageErrorResponse('Neither urlencoded nor JSON'),
        },
      },
    },
    async (request, reply) => {
      if (fromBrowser(request)) return submitFromBrowser(request, reply);
      if (request.validationError) throw new ValidationError(toFieldIssues(request.validationError.validation));
      if (request.body === undefined) throw new ValidationError([MISSING_BODY]);
      return reply.code(201).send(await submitForm.execute(request.body));
    },
  );

  /** The browser's form is judged by core's rules alone, so its messages are core's, not the schema validator's. */
  async function submitFromBrowser(request: FastifyRequest, reply: FastifyReply) {
    const values = formValues(request.body);
    try {
      const submission = await submitForm.execute(values);
      // Absolute, built from the scheme and host the client used (as forwarded by a trusted TLS proxy).
      return reply.redirect(`${request.protocol}://${request.host}/form?submitted=${submission.id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderRejectedForm(reply, values, fieldMessages(error.issues));
    }
  }

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
