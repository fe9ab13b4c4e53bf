import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { clientCertificateFor, clientCertificateProblem, parseClientCertificateType, tlsFailureText } from '../../../src/core/tls/index';

void test('clientCertificateProblem: TLS alerts about the client certificate, in plain language', () => {
  const required = 'error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:…:SSL alert number 116';
  assert.match(clientCertificateProblem(required, false) ?? '', /requires a client certificate and none was presented/);
  assert.match(clientCertificateProblem('…:sslv3 alert bad certificate:…', true) ?? '', /rejected the client certificate \(TLS alert "bad certificate"\)/);
  assert.match(clientCertificateProblem('…:tlsv1 alert unknown ca:…', true) ?? '', /rejected the client certificate \(TLS alert "unknown ca"\)/);
  assert.match(clientCertificateProblem('…:tlsv1 alert unknown ca:…', false) ?? '', /it may want a client certificate/);
  assert.equal(clientCertificateProblem('read ECONNRESET', true), undefined);
  assert.equal(clientCertificateProblem('sslv3 alert handshake failure', false), undefined);
});

void test('tlsFailureText keeps other errors as they are', () => {
  assert.equal(tlsFailureText(new Error('socket hang up'), false), 'socket hang up');
  assert.equal(
    tlsFailureText(new Error('x:tlsv13 alert certificate required:y'), false),
    'The server requires a client certificate and none was presented (give one: a certificate and key, or PKCS#12) (alert certificate required)',
  );
});

void test('parseClientCertificateType: PEM and PKCS#12 spellings', () => {
  assert.equal(parseClientCertificateType('PEM'), 'pem');
  for (const t of ['P12', 'pkcs12', 'PKCS#12', 'pfx']) assert.equal(parseClientCertificateType(t), 'p12');
  assert.equal(parseClientCertificateType('DER'), undefined);
});

void test('clientCertificateFor: exact names first, then *.domain (subdomains only), then *', () => {
  const c = (f: string): { certFile: string } => ({ certFile: f });
  const rules = [
    { host: '*', cert: c('any') },
    { host: '*.example.com', cert: c('wild') },
    { host: 'API.example.com.', cert: c('api') },
    { host: '[::1]', cert: c('v6') },
  ];
  assert.equal(clientCertificateFor(rules, 'api.example.com')?.certFile, 'api');
  assert.equal(clientCertificateFor(rules, 'www.example.com')?.certFile, 'wild');
  assert.equal(clientCertificateFor(rules, 'example.com')?.certFile, 'any');
  assert.equal(clientCertificateFor(rules, '::1')?.certFile, 'v6');
  assert.equal(clientCertificateFor(rules.slice(1), 'other.test'), undefined);
  assert.equal(clientCertificateFor(undefined, 'x'), undefined);
});
