/**
 * The {@code host} VM provider: commands run as processes of the Hearth user in a private work
 * directory, with no isolation beyond that directory. For trusted workflows and tests.
 */
package dev.hearth.vm.host;
