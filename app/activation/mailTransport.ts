// The shop's own SMTP server (MailServer) as a nodemailer transport.

import nodemailer, { type Transporter } from "nodemailer";

export interface MailServerSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  password: string | null;
}

export function smtpTransport(server: MailServerSettings): Transporter {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: server.username ? { user: server.username, pass: server.password ?? "" } : undefined,
    // A campaign is thousands of messages: keep a few connections open.
    pool: true,
    maxConnections: 4,
    maxMessages: 500,
  });
}
