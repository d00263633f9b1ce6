package io.noctria.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What picocli gives every {@code noctria} subcommand: the parent command (for {@code --data-dir}, declared once
 * there) and the command's own spec (for its stdout and stderr). Each subcommand is a small final class that
 * declares its options and {@link #call()}.
 */
abstract class NoctriaSubcommand implements Callable<Integer>
{
    @ParentCommand
    NoctriaCli parent;

    @Spec
    CommandSpec spec;
}
