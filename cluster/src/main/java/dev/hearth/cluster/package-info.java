/**
 * The cluster's contract: what hubs write to Kafka and rule workers read, and back. Hubs write every accepted
 * device event ({@link ClusterEvent}) to the events topic; workers write the commands their rules send
 * ({@link ClusterCommand}) to the commands topic. Both are keyed by the device's site ({@link SiteKey}): everything
 * a rule needs in order, a device's own events and the state of the devices its conditions read, is on one
 * partition. {@link ClusterJson} is the one reader and writer of both.
 */
package dev.hearth.cluster;
