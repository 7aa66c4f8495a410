package lfm.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lfm.dist.mpi.MpiCollective;

/**
 * A program for {@code mpirun -np P}: joins the MPI job once, then runs several {@code lfm} commands in
 * turn on every rank, each as a launch of its own would run it (a command joins the job, here already
 * initialised, and leaves it without finalising), so that one launch checks several distributed commands
 * and pays for P JVMs once. Arguments: the commands' arguments, commands separated by {@value #NEXT}.
 * After each command every rank prints "rank r: command k exit s"; a command that fails ends the job.
 */
public final class CommandsOnRanks {
    /** Separates the commands in the argument list. */
    public static final String NEXT = ";";

    private CommandsOnRanks() {}

    public static void main(String[] args) {
        PrintStream out = System.out; // the commands silence System.out on ranks other than 0
        MpiCollective job = MpiCollective.initialize();
        int index = 0;
        for (List<String> command : split(args)) {
            int status = Main.run(command.toArray(String[]::new));
            out.println("rank " + job.rank() + ": command " + index++ + " exit " + status);
            out.flush();
            if (status != 0) {
                job.abort(status);
            }
        }
        job.close();
    }

    /** The argument list cut at every {@value #NEXT}. */
    static List<List<String>> split(String[] args) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : Arrays.asList(args)) {
            if (arg.equals(NEXT)) {
                commands.add(current);
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        commands.add(current);
        return commands;
    }
}
