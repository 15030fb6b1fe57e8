package org.neuroprior.experiments.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.check.CheckReport;
import org.neuroprior.envs.check.EnvChecker;
import org.neuroprior.envs.mujoco.MujocoEnv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code neuroprior env list | xml | check}: the registered environments. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "List, export and check the registered environments.",
        subcommands = {EnvCommand.ListEnvs.class, EnvCommand.Xml.class, EnvCommand.Check.class})
public final class EnvCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Environment ids, what they are, and their options.")
    static final class ListEnvs extends RegistryCommand {
        @Override
        org.neuroprior.registry.Registry<? extends org.neuroprior.registry.Registered> registry() {
            return Envs.registry();
        }
    }

    @Command(name = "xml", description = "Print the MJCF of an environment's MuJoCo model (opens in mujoco-simulate).")
    static final class Xml implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "environment id (see 'env list')")
        String id;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "options, e.g. bodies=9")
        List<String> options;

        @Override
        public Integer call() {
            try (Env<?> env = Envs.make(id, KeyValueOptions.parse(options, KeyValueOptions.ENV_EXAMPLE))) {
                if (!(env.unwrapped() instanceof MujocoEnv mujoco)) {
                    throw new IllegalArgumentException(id + " is not simulated by MuJoCo: it has no MJCF");
                }
                System.out.print(mujoco.mjcf());
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Run the environment checker (spaces, seeding, reset/step contract, close).")
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "environment id (see 'env list')")
        String id;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "options, e.g. bodies=9")
        List<String> options;

        @picocli.CommandLine.Option(names = "--steps", defaultValue = "1200",
                description = "random steps to take (long enough to reach the time limit), default ${DEFAULT-VALUE}")
        int steps;

        @Override
        public Integer call() {
            Map<String, String> opts = KeyValueOptions.parse(options, KeyValueOptions.ENV_EXAMPLE);
            Envs.spec(id).resolve(opts); // bad ids and options fail here, with a clear message
            CheckReport report = EnvChecker.checkAny(() -> Envs.make(id, opts), steps);
            System.out.println(id + ": " + report);
            return report.passed() ? 0 : 1;
        }
    }
}
