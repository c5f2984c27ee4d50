#!/usr/bin/env bash
# Installs the system packages Atrium's tests need, when they are missing and we may install them
# (root with apt); otherwise fails naming what is missing.
set -euo pipefail

# command (or file, for paths) → Debian package
declare -A NEEDED=(
	[chromium]=chromium
	# Coupon printing tests run a private cupsd with a PDF queue and Debian's cups-pdf, and read the
	# paper back with poppler and zbar (tests/support/cups.ts, tests/support/pdf.ts).
	[/usr/sbin/cupsd]=cups
	[/usr/sbin/lpadmin]=cups-client
	[/usr/lib/cups/backend/cups-pdf]=printer-driver-cups-pdf
	[/usr/lib/cups/filter/pdftopdf]=cups-filters
	[gs]=ghostscript
	[pdftotext]=poppler-utils
	[pdftoppm]=poppler-utils
	[zbarimg]=zbar-tools
	# Screens are Chinese first, and use emoji as category icons: Chromium needs the fonts.
	[/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]=fonts-noto-cjk
	[/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf]=fonts-noto-color-emoji
	# node-hid's libusb build, which the agent uses for keyboard-wedge scanners (agent/scanner/).
	[/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0]=libusb-1.0-0
)

missing=()
for cmd in "${!NEEDED[@]}"; do
	if [[ $cmd == /* ]]; then
		[ -e "$cmd" ] || missing+=("${NEEDED[$cmd]}")
	else
		command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing system packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install them (Debian: sudo apt-get install ${missing[*]}) and run the tests again." >&2
exit 1
