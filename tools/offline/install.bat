@echo off
chcp 65001 >nul
setlocal
rem drafter offline installer for Windows x64, written into the bundle by tools/offline_bundle.py
rem (template: tools/offline/install.bat). UNTESTED ON WINDOWS: see docs/offline.md.
rem Kept simple for cmd.exe: ASCII before chcp, CRLF line ends, no Chinese inside ( ) blocks.
set "HERE=%~dp0"
set "LOG=%HERE%install.log"
rem The bundle carries everything: no pip configuration of this machine may mix in.
set "PIP_CONFIG_FILE=nul"

set "PY="
if defined PYTHON set PY="%PYTHON%"
if defined PY goto :found
for %%v in (@WINDOWS_PYTHONS@) do if not defined PY py -%%v -c "import sys" >nul 2>&1 && set "PY=py -%%v"
if defined PY goto :found
python -c "import sys; sys.exit(sys.version_info[:2] not in [@WINDOWS_PYTHON_TUPLES@])" >nul 2>&1 && set "PY=python"
if defined PY goto :found
echo 错误：找不到 Python @WINDOWS_PYTHONS_ANY@。
echo 请从 https://www.python.org/downloads/windows/ 下载安装（安装时勾选 Add python.exe to PATH），
echo 再双击运行本文件。
pause
exit /b 1

:found
%PY% -c "import sys; sys.exit(sys.version_info[:2] not in [@WINDOWS_PYTHON_TUPLES@])" >nul 2>&1
if errorlevel 1 goto :badversion
echo 正在创建虚拟环境 .venv ……
%PY% -m venv "%HERE%.venv" >"%LOG%" 2>&1
if errorlevel 1 goto :venvfail
echo 正在安装 drafter 和它用到的软件包（只用本文件夹里的文件，不联网）……
"%HERE%.venv\Scripts\python.exe" -m pip --isolated install --no-index --only-binary=:all: --find-links "%HERE%wheels" --require-hashes --disable-pip-version-check --no-input -r "%HERE%requirements.txt" >>"%LOG%" 2>&1
if errorlevel 1 goto :pipfail
"%HERE%.venv\Scripts\drafter.exe" --version >>"%LOG%" 2>&1
if errorlevel 1 goto :runfail
echo 正在在桌面上创建快捷方式……
powershell -NoProfile -ExecutionPolicy Bypass -File "%HERE%shortcut.ps1" >>"%LOG%" 2>&1
if errorlevel 1 goto :noshortcut
echo 已在桌面上创建快捷方式“讲话稿起草 drafter”。
goto :done

:noshortcut
echo 提示：没能创建桌面快捷方式，可以直接双击本文件夹里的“启动 drafter.bat”。

:done
echo 安装完成。双击桌面上的“讲话稿起草 drafter”或本文件夹里的“启动 drafter.bat”，
echo 浏览器里会出现起草页面；用完关掉那个黑色窗口即可。
pause
exit /b 0

:badversion
echo 错误：这个安装包只带了 Python @WINDOWS_PYTHONS_TEXT@ 用的文件，本机找到的 Python 版本不符。
echo 请安装 Python @WINDOWS_PYTHONS_ANY@（https://www.python.org/downloads/windows/），再运行本文件。
pause
exit /b 1

:venvfail
echo 错误：创建虚拟环境失败。详细记录在 install.log。
pause
exit /b 1

:pipfail
echo 错误：安装失败：本文件夹里的文件不全、被改动过，或与本机的 Python 不匹配。
echo 详细记录在 install.log。
pause
exit /b 1

:runfail
echo 错误：安装后 drafter 无法运行。详细记录在 install.log。
pause
exit /b 1
