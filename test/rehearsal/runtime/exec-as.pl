#!/usr/bin/perl
# The last step of starting a container, done as a runtime does it: enter the
# container's root, go to its working directory, take the pod's user and group
# (the supplementary groups are set before, by setpriv), keep no environment but the
# container's, and exec its command, looked up on the container's PATH. Runs as
# root; the environment comes on stdin (NAME=VALUE records separated by NUL bytes)
# so no secret is written to disk.
#   exec-as.pl ROOT WORKDIR UID GID -- COMMAND [ARG...]
use strict;
use warnings;
use POSIX ();

my ($root, $workdir, $uid, $gid, $separator, @command) = @ARGV;
die "usage: exec-as.pl ROOT WORKDIR UID GID -- COMMAND [ARG...]\n"
  unless defined $separator && $separator eq '--' && @command;

my $environment = do { local $/; <STDIN> } // '';
open STDIN, '<', '/dev/null' or die "exec-as: /dev/null: $!\n";
%ENV = ();
for my $record (split /\0/, $environment) {
  my ($name, $value) = split /=/, $record, 2;
  $ENV{$name} = $value // '';
}

chroot $root or die "exec-as: chroot $root: $!\n";
chdir $workdir or die "exec-as: working directory $workdir: $!\n";
POSIX::setgid($gid) or die "exec-as: setgid $gid: $!\n";
POSIX::setuid($uid) or die "exec-as: setuid $uid: $!\n";
exec { $command[0] } @command or die "exec-as: $command[0]: $!\n";
