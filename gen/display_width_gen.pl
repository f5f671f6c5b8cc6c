#!/usr/bin/perl
# Writes the range tables of display_width.c from the Unicode data of the
# perl that runs it: East Asian Wide and Fullwidth characters (two
# columns), combining marks and invisible format characters (none).
#   perl gen/display_width_gen.pl > build/display_width_tables.txt
# then paste the two tables into gen/display_width.c.
use strict;
use warnings;
use Unicode::UCD;

sub ranges {
	my ($re) = @_;
	my (@r, $s, $p);
	for my $c (0 .. 0x10FFFF) {
		next if $c >= 0xD800 && $c <= 0xDFFF;
		next unless chr($c) =~ $re;
		if (defined $p && $c == $p + 1) {
			$p = $c;
			next;
		}
		push @r, [$s, $p] if defined $s;
		$s = $p = $c;
	}
	push @r, [$s, $p] if defined $s;
	return @r;
}

sub table {
	my ($name, @r) = @_;
	print "static const struct range $name\[] = {\n";
	my $line = "";
	for my $x (@r) {
		my $item = sprintf("{ 0x%04x, 0x%04x },", @$x);
		if (length($line) + length($item) + 1 > 72) {
			print "\t$line\n";
			$line = "";
		}
		$line .= ($line eq "" ? "" : " ") . $item;
	}
	print "\t$line\n" if $line ne "";
	print "};\n";
}

printf "/* Unicode %s */\n", Unicode::UCD::UnicodeVersion();
table("wide", ranges(qr/[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]/));
table("zero", ranges(qr/[\p{Mn}\p{Me}\x{200B}-\x{200F}\x{2028}-\x{202E}\x{2060}-\x{2064}\x{FEFF}\x{1160}-\x{11FF}]/));
