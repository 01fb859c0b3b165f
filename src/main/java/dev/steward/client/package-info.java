/**
 * {@code steward-client}: a small typed Java client for the Steward HTTP API, shipped as its own jar
 * ({@code target/steward-client.jar}). It depends on nothing of the server, only on the JDK's HTTP
 * client and Jackson. Start with {@link dev.steward.client.StewardClient#connect}.
 */
package dev.steward.client;
