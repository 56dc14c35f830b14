#!/bin/sh
# drafter offline installer for Linux x64, written into the bundle by tools/offline_bundle.py
# (template: tools/offline/install.sh). Installs the wheels next to it into a venv next to it,
# with no package index, then writes the launcher drafter-serve.sh and a .desktop entry.
#   sh install.sh [--no-menu]        PYTHON=/path/to/python3 sh install.sh
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
PYTHONS="@LINUX_PYTHONS@"
PYTHONS_TEXT="@LINUX_PYTHONS_TEXT@"
PYTHONS_ANY="@LINUX_PYTHONS_ANY@"
LOG="$HERE/install.log"
MENU=1

for arg in "$@"; do
  case "$arg" in
    --no-menu) MENU=0 ;;
    -h|--help)
      echo "用法：sh install.sh [--no-menu]"
      echo "  把 drafter 安装到本文件夹的 .venv（不联网），生成启动脚本 drafter-serve.sh"
      echo "  和菜单项 drafter.desktop；--no-menu 不把菜单项复制到 ~/.local/share/applications。"
      echo "  用别的 Python：PYTHON=/路径/python3 sh install.sh"
      exit 0 ;;
    *) echo "错误：不认识的选项 $arg（可用：--no-menu、--help）" >&2; exit 2 ;;
  esac
done

fail() {
  echo "错误：$1" >&2
  echo "详细记录在 $LOG" >&2
  exit 1
}

if ! command -v "$PY" >/dev/null 2>&1; then
  echo "错误：找不到 Python（$PY）。请先安装 Python $PYTHONS_ANY，" >&2
  echo "或用 PYTHON=/路径/python3 sh install.sh 指定。" >&2
  exit 1
fi
VERSION=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || VERSION="?"
case " $PYTHONS " in
  *" $VERSION "*) ;;
  *) echo "错误：这个安装包只带了 Python $PYTHONS_TEXT 用的文件，而 $PY 的版本是 $VERSION。" >&2
     echo "请安装 Python $PYTHONS_ANY，再用 PYTHON=/路径/python3 sh install.sh 指定。" >&2
     exit 1 ;;
esac
case "$(uname -s) $(uname -m)" in
  "Linux x86_64") ;;
  *) echo "错误：这个安装包是给 Linux x64 用的，本机是 $(uname -s) $(uname -m)。" >&2; exit 1 ;;
esac

: >"$LOG"
echo "正在创建虚拟环境 $HERE/.venv ……"
"$PY" -m venv "$HERE/.venv" >>"$LOG" 2>&1 \
  || fail "创建虚拟环境失败。Debian、Ubuntu 上请先安装 python3-venv（如 apt install python3-venv）。"

echo "正在安装 drafter 和它用到的软件包（只用本文件夹里的文件，不联网）……"
# The bundle carries everything: no pip configuration or PIP_* variable of this machine (an
# intranet mirror, --user, constraints) may mix in, and every file is checked by its hash.
PIP_CONFIG_FILE=/dev/null "$HERE/.venv/bin/python" -m pip --isolated install \
  --no-index --only-binary=:all: --find-links "$HERE/wheels" --require-hashes \
  --disable-pip-version-check --no-input -r "$HERE/requirements.txt" >>"$LOG" 2>&1 \
  || fail "安装失败：本文件夹里的文件不全、被改动过，或与本机的 Python 不匹配。"

"$HERE/.venv/bin/drafter" --version >>"$LOG" 2>&1 || fail "安装后 drafter 无法运行。"

# The launcher finds the venv from its own folder, so it keeps working from the menu entry.
cat >"$HERE/drafter-serve.sh" <<'LAUNCHER'
#!/bin/sh
# Starts drafter's local page in the browser (drafter serve); written by install.sh.
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/.venv/bin/drafter" serve "$@"
LAUNCHER
chmod +x "$HERE/drafter-serve.sh"

# Desktop entry Exec quoting: a reserved character in a quoted argument takes two backslashes
# (four for a backslash itself), and % is doubled.
EXEC=$(printf '%s' "$HERE/drafter-serve.sh" \
  | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
cat >"$HERE/drafter.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.0
Name=drafter 讲话稿起草
Comment=在浏览器里起草、检查、下载讲话稿（drafter serve）
Exec="$EXEC"
Terminal=true
Categories=Office;
DESKTOP
chmod +x "$HERE/drafter.desktop"

if [ "$MENU" = 1 ]; then
  APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
  if mkdir -p "$APPS" 2>/dev/null && cp "$HERE/drafter.desktop" "$APPS/drafter.desktop"; then
    echo "已在应用程序菜单里添加“drafter 讲话稿起草”（$APPS/drafter.desktop）。"
  else
    echo "提示：没能把菜单项复制到 $APPS，可以直接运行 $HERE/drafter-serve.sh。"
  fi
fi

echo "安装完成：$("$HERE/.venv/bin/drafter" --version)"
echo "启动：运行 $HERE/drafter-serve.sh（或从菜单打开），浏览器里会出现起草页面。"
echo "命令行：$HERE/.venv/bin/drafter draft 规格.yaml"
